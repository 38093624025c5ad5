using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Json;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Http;

public sealed class ServiceClientPipelineTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Token = "FwoGZXIvYXdzEXAMPLE-session-token";
    private static readonly DateTimeOffset Time = new(2024, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private sealed class TestOptions : AwsClientOptions;

    private sealed class ModeledException(ServiceError error, Exception? inner) : AwsServiceException(error, inner)
    {
        public override bool Retryable => true;
    }

    private sealed record Status(string? Value);

    private readonly List<(ServiceError Error, Exception? Inner)> _mapped = new();

    private ServiceDescription Service => new("NeptuneData", "neptune-db", "2023-08-01", (error, inner) =>
    {
        lock (_mapped)
        {
            _mapped.Add((error, inner));
        }

        return error.ErrorCode == "ConcurrentModificationException" ? new ModeledException(error, inner) : new AwsServiceException(error, inner);
    });

    private static Func<string, string?> Environment(Dictionary<string, string?> variables) =>
        name => variables.TryGetValue(name, out var value) ? value : null;

    private static TestOptions Options(string endpoint = "https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", IAwsCredentialsProvider? credentials = null) => new()
    {
        Endpoint = new Uri(endpoint),
        Region = "us-east-1",
        TimeProvider = new ManualTimeProvider(Time),
        // These tests are about one exchange; retries have their own tests under Retries/.
        Retry = { MaxAttempts = 1 },
        Credentials = credentials ?? new EnvironmentCredentialsProvider(Environment(new()
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDENV",
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_SESSION_TOKEN"] = Token,
        })),
    };

    private static OperationRequest CancelJob(string id = "job/1")
    {
        var operation = new OperationRequest("CancelMLModelTrainingJob", HttpMethod.Delete);
        operation.AppendPath("/ml/modeltraining/");
        operation.AppendLabel("Id", id);
        operation.AddQuery("clean", WireFormat.Boolean(true));
        return operation;
    }

    private static Status ReadStatus(ServiceResponse response)
    {
        var reader = new Utf8JsonReader(response.Body.Span);
        string? status = null;
        if (RestJson.ReadStartObject(ref reader))
        {
            while (RestJson.ReadNextProperty(ref reader))
            {
                var isStatus = reader.ValueTextEquals("status"u8);
                RestJson.ReadValue(ref reader);
                if (isStatus)
                {
                    status = RestJson.ReadString(ref reader);
                }
                else
                {
                    RestJson.Skip(ref reader);
                }
            }
        }

        return new Status(status);
    }

    [Fact]
    public async Task RequestIsBuiltSignedAndSent()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{\"status\":\"Stopping\",\"extra\":{\"a\":[1,2]}}"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var result = await pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None);

        Assert.Equal("Stopping", result.Value);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, sent.Method);
        Assert.Equal("https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182/ml/modeltraining/job%2F1?clean=true", sent.Uri.AbsoluteUri);
        Assert.Equal("my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", sent.Header("Host"));
        Assert.Equal("20240304T050607Z", sent.Header("X-Amz-Date"));
        Assert.Equal(Token, sent.Header("X-Amz-Security-Token"));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sent.Header("x-amz-content-sha256"));
        Assert.StartsWith("Neptune.CodeGen/", sent.Header("User-Agent"), StringComparison.Ordinal);
        var authorization = sent.Header("Authorization")!;
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDENV/20240304/us-east-1/neptune-db/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);
        Assert.Equal(1, sent.Count("Authorization"));
        Assert.Empty(_mapped);
    }

    [Fact]
    public async Task BodyHeadersAndContentHeadersAreSentAndSigned()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));
        var operation = new OperationRequest("StartMLModelTrainingJob", HttpMethod.Post);
        operation.AppendPath("/ml/modeltraining");
        operation.SetBody("{\"dataProcessingJobId\":\"dp\"}"u8.ToArray(), "application/json");
        operation.AddHeader("accept", "application/json");
        operation.AddHeader("Content-Language", "en");

        await pipeline.SendAsync(operation, ReadStatus, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("{\"dataProcessingJobId\":\"dp\"}", Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("en", sent.Header("Content-Language"));
        Assert.Contains("SignedHeaders=accept;content-language;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", sent.Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Language")]   // a content header with no body to carry it
    [InlineData("Bad Name")]           // not a valid header name
    public async Task HeadersThatCannotBeSentFailInsteadOfVanishing(string name)
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));
        var operation = CancelJob();
        operation.AddHeader(name, "x");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.SendAsync(operation, ReadStatus, CancellationToken.None));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ErrorResponseIsMappedThroughCreateException()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.InternalServerError,
            "{\"requestId\":\"body-req\",\"code\":\"ConcurrentModificationException\",\"detailedMessage\":\"retry me\"}",
            ("x-amzn-RequestId", "header-req")));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<ModeledException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        var (error, inner) = Assert.Single(_mapped);
        Assert.Null(inner);
        Assert.Equal(new ServiceError(HttpStatusCode.InternalServerError, "ConcurrentModificationException", "retry me", "header-req",
            "{\"requestId\":\"body-req\",\"code\":\"ConcurrentModificationException\",\"detailedMessage\":\"retry me\"}"), error);
        Assert.Same(error, exception.Error);
        Assert.True(exception.Retryable);
        Assert.Contains("ConcurrentModificationException", exception.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", exception.Message, StringComparison.Ordinal);
        Assert.Contains("header-req", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlErrorFromAProxyKeepsStatusAndBody()
    {
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html><h1>502 Bad Gateway</h1></html>", Encoding.UTF8, "text/html") });
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Null(exception.ErrorCode);
        Assert.Equal("<html><h1>502 Bad Gateway</h1></html>", exception.ResponseBody);
        Assert.Contains("502 Bad Gateway", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"status\":")]
    [InlineData("{\"status\":{\"a\":1}}")]
    [InlineData("[1,2]")]
    [InlineData("<html>ok</html>")]
    public async Task SuccessWithUnreadableBodyIsAnExceptionWithStatusAndBody(string body)
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, body, ("x-amzn-RequestId", "req-ok")));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, exception.StatusCode);
        Assert.Equal(body, exception.ResponseBody);
        Assert.Null(exception.ErrorCode);
        Assert.Equal("req-ok", exception.RequestId);
        Assert.Contains("CancelMLModelTrainingJob response could not be read", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
        Assert.Same(exception.InnerException, Assert.Single(_mapped).Inner);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.OK, " \r\n")]
    [InlineData(HttpStatusCode.NoContent, "")]
    public async Task EmptySuccessBodyReadsAsNoMembers(HttpStatusCode status, string body)
    {
        // Generated code reads body members through RestJson.ReadStartObject, which cannot read an empty final block.
        var handler = new FakeHandler(_ => new HttpResponseMessage(status) { Content = new StringContent(body) });
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var result = await pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Empty(_mapped);
    }

    [Fact]
    public async Task NullFromCreateExceptionStillGivesAServiceException()
    {
        var service = new ServiceDescription("S", "neptune-db", "1", (_, _) => null!);
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Forbidden, "{\"code\":\"AccessDeniedException\"}"));
        using var pipeline = new ServiceClientPipeline(service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));
        Assert.Equal("AccessDeniedException", exception.ErrorCode);
    }

    [Fact]
    public async Task EndpointWithOnlyATrailingSlashIsTheRoot()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        using var pipeline = new ServiceClientPipeline(Service, Options("https://proxy.example.com:8182/"), new HttpClient(handler));

        await pipeline.SendAsync(CancelJob("a b"), ReadStatus, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("https://proxy.example.com:8182/ml/modeltraining/a%20b?clean=true", sent.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task MissingCredentialsFailBeforeSendingAndSayWhatIsMissing()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        var credentials = new EnvironmentCredentialsProvider(Environment(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDENV" }));
        using var pipeline = new ServiceClientPipeline(Service, Options(credentials: credentials), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task CredentialsAreReadForEveryRequest()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        var variables = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "AKIDONE", ["AWS_SECRET_ACCESS_KEY"] = "s1" };
        using var pipeline = new ServiceClientPipeline(Service, Options(credentials: new EnvironmentCredentialsProvider(Environment(variables))), new HttpClient(handler));

        await pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None);
        variables["AWS_ACCESS_KEY_ID"] = "AKIDTWO";
        variables["AWS_SESSION_TOKEN"] = "t2";
        await pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None);

        Assert.Contains("Credential=AKIDONE/", handler.Requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.Null(handler.Requests[0].Header("X-Amz-Security-Token"));
        Assert.Contains("Credential=AKIDTWO/", handler.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("t2", handler.Requests[1].Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task NoSecretInAnyExceptionText()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Forbidden, "{\"code\":\"AccessDeniedException\",\"detailedMessage\":\"denied\"}"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.DoesNotContain(SecretKey, exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = new HttpClient(handler);
        void Fails(TestOptions options, string parameter)
        {
            var error = Assert.Throws<ArgumentException>(() => new ServiceClientPipeline(Service, options, client));
            Assert.Equal(parameter, error.ParamName);
        }

        Fails(new TestOptions { Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("/relative", UriKind.Relative), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("ftp://h"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://h/?a=1"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://h/#x"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://h/prefix"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://h:8182/a/b/"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://user@h"), Region = "us-east-1" }, "Endpoint");
        Fails(new TestOptions { Endpoint = new Uri("https://user:s3cret@h:8182/"), Region = "us-east-1" }, "Endpoint");
        Assert.DoesNotContain("s3cret", Assert.Throws<ArgumentException>(() =>
            new ServiceClientPipeline(Service, new TestOptions { Endpoint = new Uri("https://user:s3cret@h:8182/"), Region = "us-east-1" }, client)).Message);
        Assert.Equal("MaxResponseBufferSize", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ServiceClientPipeline(Service, new TestOptions { Endpoint = new Uri("https://h"), Region = "us-east-1", MaxResponseBufferSize = 0 }, client)).ParamName);
        Assert.Equal("MaxResponseBufferSize", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ServiceClientPipeline(Service, new TestOptions { Endpoint = new Uri("https://h"), Region = "us-east-1", MaxResponseBufferSize = -1 }, client)).ParamName);
        // An empty environment, so AWS_REGION or ~/.aws/config on this machine cannot supply a region.
        var empty = new Neptune.CodeGen.Runtime.Credentials.AwsEnvironment(_ => null);
        Fails(new TestOptions { Endpoint = new Uri("https://h"), AwsEnvironment = empty }, "Region");
        Fails(new TestOptions { Endpoint = new Uri("https://h"), Region = " ", AwsEnvironment = empty }, "Region");
        Assert.Throws<ArgumentNullException>(() => new ServiceClientPipeline(null!, Options(), client));
        Assert.Throws<ArgumentNullException>(() => new ServiceClientPipeline(Service, null!, client));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task CancellationIsHonoured()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, cts.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task DefaultClientDoesNotFollowRedirects()
    {
        // A signed request must never be re-sent to another host; the pipeline's own HttpClient must stop at the 3xx.
        using var server = new LoopbackRedirectServer();
        using var pipeline = new ServiceClientPipeline(Service, Options($"http://127.0.0.1:{server.Port}"));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, exception.StatusCode);
        Assert.Equal(1, server.Requests);
    }
}
