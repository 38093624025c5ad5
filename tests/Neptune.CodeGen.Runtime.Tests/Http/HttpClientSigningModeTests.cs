using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.CodeGen.Runtime.Signing;
using Neptune.CodeGen.Runtime.Tests.Retries;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Http;

/// <summary>
/// The pipeline mode used by dependency injection: the pipeline attaches what to sign with, and the signing handler wrapped
/// around the HttpClient's primary handler signs on every send, so a handler outside it that resends the same request
/// (as the resilience handler does) sends a fresh signature.
/// </summary>
public sealed class HttpClientSigningModeTests
{
    private static string AmzDate(DateTimeOffset time) => time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static TestOptions HandlerModeOptions(TimeProvider clock, Uri? endpoint = null, int maxAttempts = 1)
    {
        var options = Options(clock, endpoint);
        options.Retry.MaxAttempts = maxAttempts;
        options.SignInHttpMessageHandler = true;
        return options;
    }

    [Fact]
    public async Task AnOuterHandlerThatResendsTheSameMessage_SendsAFreshSignatureEachTime()
    {
        var clock = new ManualTimeProvider(Start);
        var primary = ScriptedHandler.Responses(() => Error(HttpStatusCode.InternalServerError, "InternalFailureException"), () => Ok());
        var resender = new ResendOnceHandler(() => clock.Now += TimeSpan.FromMinutes(1)) { InnerHandler = new RequestSigningHandler(primary) };
        using var pipeline = new ServiceClientPipeline(Service(), HandlerModeOptions(clock), new HttpClient(resender));

        var body = await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal("{\"results\":[]}", body);
        Assert.Equal(2, primary.Requests.Count);
        Assert.Same(resender.Sent[0], resender.Sent[1]);   // the same HttpRequestMessage, sent twice
        Assert.Equal([AmzDate(Start), AmzDate(Start + TimeSpan.FromMinutes(1))], primary.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.NotEqual(primary.Requests[0].Header("Authorization"), primary.Requests[1].Header("Authorization"));
        Assert.All(primary.Requests, r => Assert.Equal(1, r.Count("Authorization")));
        Assert.All(primary.Requests, r => Assert.Equal(1, r.Count("X-Amz-Date")));
        Assert.All(primary.Requests, r => Assert.Equal(SessionToken, r.Header("X-Amz-Security-Token")));

        // Each signature is exactly what the signer gives for that time: the same request signed by hand matches.
        for (var i = 0; i < 2; i++)
        {
            using var expected = new HttpRequestMessage(HttpMethod.Post, primary.Requests[i].Uri) { Content = new ByteArrayContent(primary.Requests[i].Body) };
            expected.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            new SigV4Signer("neptune-db", "us-east-1").Sign(expected, new AwsCredentials(AccessKey, SecretKey, SessionToken),
                Start + TimeSpan.FromMinutes(i), primary.Requests[i].Body);
            Assert.Equal(string.Join(',', expected.Headers.GetValues("Authorization")), primary.Requests[i].Header("Authorization"));
        }
    }

    [Fact]
    public async Task CredentialsAreAskedForOnEverySend()
    {
        var clock = new ManualTimeProvider(Start);
        var credentials = new CountingCredentialsProvider(n => new AwsCredentials($"AKID{n}", SecretKey));
        var options = HandlerModeOptions(clock);
        options.Credentials = credentials;
        var primary = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(new ResendOnceHandler(() => { }) { InnerHandler = new RequestSigningHandler(primary) }));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(2, credentials.Calls);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID1/", primary.Requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID2/", primary.Requests[1].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSigningHandlerUsesThePipelinesClockSkewCorrection()
    {
        var clock = new ManualTimeProvider(Start);
        var endpoint = UniqueEndpoint();
        var serverTime = Start + TimeSpan.FromMinutes(20);
        var primary = ScriptedHandler.Responses(
            () => Error(HttpStatusCode.Forbidden, "RequestTimeTooSkewed", ("Date", serverTime.ToString("r", CultureInfo.InvariantCulture))),
            () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), HandlerModeOptions(clock, endpoint, maxAttempts: 3), new HttpClient(new RequestSigningHandler(primary)));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal([AmzDate(Start), AmzDate(serverTime)], primary.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.Equal(TimeSpan.FromMinutes(20), ClockSkew.ForEndpoint(endpoint).Offset);
    }

    [Fact]
    public async Task WithoutASigningHandler_TheCallFailsClearlyInsteadOfSendingUnsignedRequestsAgain()
    {
        var primary = ScriptedHandler.Responses(() => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), HandlerModeOptions(new ManualTimeProvider(Start), maxAttempts: 3), new HttpClient(primary));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Contains("ExecuteOpenCypherQuery request was sent unsigned", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add...Client", error.Message, StringComparison.Ordinal);
        var request = Assert.Single(primary.Requests);   // not retried
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task InTheDefaultMode_ASigningHandlerInTheHttpClientLeavesThePipelinesSignatureAlone()
    {
        var clock = new ManualTimeProvider(Start);
        var primary = ScriptedHandler.Responses(() => Ok());
        var options = Options(clock);
        options.Retry.MaxAttempts = 1;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(new ResendOnceHandler(() => clock.Now += TimeSpan.FromMinutes(1)) { InnerHandler = new RequestSigningHandler(primary) }));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        var request = Assert.Single(primary.Requests);
        Assert.Equal(AmzDate(Start), request.Header("X-Amz-Date"));
        Assert.Equal(1, request.Count("Authorization"));
    }

    /// <summary>
    /// What a resilience handler does (dotnet/extensions #6167): on a 5xx it sends the very same <see cref="HttpRequestMessage"/>
    /// again, once. <paramref name="beforeResend"/> runs between the two sends (to move a clock).
    /// </summary>
    private sealed class ResendOnceHandler(Action beforeResend) : DelegatingHandler
    {
        public System.Collections.Generic.List<HttpRequestMessage> Sent { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode < 500)
            {
                return response;
            }

            response.Dispose();
            beforeResend();
            Sent.Add(request);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
