using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.CodeGen.Runtime.Tests.Retries;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Telemetry;

/// <summary>What the pipeline logs, at which level, and that no secret, signature, query value or body ever reaches a log.</summary>
public sealed class LoggingTests
{
    private const string QueryValue = "arn:aws:neptune-graph:us-east-1:123456789012:graph/g-query-secret";
    private const string HeaderValue = "header-secret-value";
    private const string BodySecret = "body-secret-password";

    private readonly TestClock _clock = new(Start, autoAdvance: true);
    private readonly CapturingLoggerFactory _logs = new();

    private TestOptions LoggedOptions(Uri? endpoint = null, params double[] jitter)
    {
        var options = Options(_clock, endpoint, jitter);
        options.LoggerFactory = _logs;
        return options;
    }

    private static OperationRequest SensitiveOperation()
    {
        var operation = new OperationRequest("ExecuteOpenCypherQuery", HttpMethod.Post);
        operation.AppendPath("/opencypher");
        operation.AddQuery("graphArn", QueryValue);
        operation.AddHeader("x-custom-header", HeaderValue);
        operation.SetBody(System.Text.Encoding.UTF8.GetBytes($"{{\"query\":\"MATCH (n {{password:'{BodySecret}'}}) RETURN n\"}}"), "application/json");
        return operation;
    }

    private static HttpResponseMessage Throttled() => FakeHandler.Json(HttpStatusCode.BadRequest,
        $"{{\"code\":\"ThrottlingException\",\"detailedMessage\":\"query {BodySecret} was throttled\"}}", ("x-amzn-RequestId", "req-throttled"));

    private void AssertNothingSecretWasLogged()
    {
        Assert.NotEmpty(_logs.Entries);
        foreach (var entry in _logs.Entries)
        {
            foreach (var secret in new[] { SecretKey, SessionToken, AccessKey, "Signature=", "AWS4-HMAC-SHA256", "graphArn", QueryValue, "g-query-secret", HeaderValue, BodySecret, "MATCH" })
            {
                Assert.DoesNotContain(secret, entry.AllText, StringComparison.Ordinal);
            }

            Assert.Null(entry.Exception);   // exception messages may quote the service's message, which may quote the query
        }
    }

    [Fact]
    public async Task AttemptsRetriesAndTheFailureAreLoggedWithoutSecrets()
    {
        var handler = ScriptedHandler.Responses(Throttled);
        using var pipeline = new ServiceClientPipeline(Service(), LoggedOptions(jitter: [0.5]), new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(SensitiveOperation(), ReadBody, CancellationToken.None));

        Assert.All(_logs.Entries, e => Assert.Equal("Neptune.CodeGen", e.Category));
        var sent = _logs.Entries.Where(e => e.EventId.Name == "AttemptSent").ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Equal("Sending NeptuneData.ExecuteOpenCypherQuery, attempt 1 of 3: POST /opencypher", sent[0].Message);

        var retries = _logs.Entries.Where(e => e.EventId.Name == "RetryScheduled").ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal("Retrying NeptuneData.ExecuteOpenCypherQuery in 500 ms: attempt 1 of 3 failed with ThrottlingException (HTTP 400)", retries[0].Message);
        Assert.Equal(1000L, retries[1].Value("DelayMilliseconds"));

        var failed = Assert.Single(_logs.Entries, e => e.EventId.Name == "CallFailed");
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("NeptuneData.ExecuteOpenCypherQuery failed after 3 attempt(s) with ThrottlingException (HTTP 400) (request id req-throttled)", failed.Message);
        AssertNothingSecretWasLogged();
    }

    [Fact]
    public async Task ASuccessLogsOnlyTheAttempt()
    {
        var handler = ScriptedHandler.Responses(() => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), LoggedOptions(), new HttpClient(handler));

        await pipeline.SendAsync(SensitiveOperation(), ReadBody, CancellationToken.None);

        var entry = Assert.Single(_logs.Entries);
        Assert.Equal("AttemptSent", entry.EventId.Name);
        AssertNothingSecretWasLogged();
    }

    [Fact]
    public async Task NetworkErrorsAreLoggedByTypeNotMessage()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, $"refused {QueryValue}")));
        using var pipeline = new ServiceClientPipeline(Service(), LoggedOptions(), new HttpClient(handler));

        await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.SendAsync(SensitiveOperation(), ReadBody, CancellationToken.None));

        var failed = Assert.Single(_logs.Entries, e => e.EventId.Name == "CallFailed");
        Assert.Contains("HttpRequestException (ConnectionError)", failed.Message, StringComparison.Ordinal);
        AssertNothingSecretWasLogged();
    }

    [Fact]
    public async Task ClockSkewCorrectionIsLogged()
    {
        var endpoint = UniqueEndpoint();
        var handler = ScriptedHandler.Responses(
            () => Error(HttpStatusCode.Forbidden, "RequestTimeTooSkewed", ("Date", (Start + TimeSpan.FromMinutes(20)).ToString("r", CultureInfo.InvariantCulture))),
            () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), LoggedOptions(endpoint), new HttpClient(handler));

        await pipeline.SendAsync(SensitiveOperation(), ReadBody, CancellationToken.None);

        var skew = Assert.Single(_logs.Entries, e => e.EventId.Name == "ClockSkewCorrected");
        Assert.Equal(LogLevel.Warning, skew.Level);
        Assert.Equal(1200.0, skew.Value("OffsetSeconds"));
        Assert.Equal(RetryQuota.EndpointKey(endpoint), skew.Value("Endpoint"));
        AssertNothingSecretWasLogged();
    }

    [Fact]
    public async Task EmptyQuotaIsLogged()
    {
        var endpoint = UniqueEndpoint();
        Assert.True(RetryQuota.ForEndpoint(endpoint).TryAcquire(500));
        var handler = ScriptedHandler.Responses(Throttled);
        using var pipeline = new ServiceClientPipeline(Service(), LoggedOptions(endpoint), new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(SensitiveOperation(), ReadBody, CancellationToken.None));

        var exhausted = Assert.Single(_logs.Entries, e => e.EventId.Name == "RetryQuotaExhausted");
        Assert.Equal(LogLevel.Warning, exhausted.Level);
        Assert.Equal(0, exhausted.Value("Available"));
        Assert.Equal(5, exhausted.Value("Cost"));
    }

    [Fact]
    public void AModeThatIsNotImplementedIsNoted()
    {
        var options = LoggedOptions();
        options.Retry.Mode = RetryMode.Adaptive;

        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(ScriptedHandler.Responses(() => Ok())));

        var note = Assert.Single(_logs.Entries);
        Assert.Equal("Retry mode Adaptive is not implemented; retrying as in standard mode", note.Message);
    }
}
