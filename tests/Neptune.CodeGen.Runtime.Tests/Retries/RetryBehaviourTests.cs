using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>Which failures are retried, how many times, and what each attempt sends.</summary>
public sealed class RetryBehaviourTests
{
    private readonly TestClock _clock = new(Start, autoAdvance: true);

    private async Task<(string Result, ScriptedHandler Handler)> SucceedsAfter(Func<HttpResponseMessage> failure)
    {
        var handler = ScriptedHandler.Responses(failure, failure, () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));
        var result = await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        return (result, handler);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task TransientStatusIsRetriedUntilSuccess(HttpStatusCode status)
    {
        var (result, handler) = await SucceedsAfter(() => Error(status, code: null));

        Assert.Equal("{\"results\":[]}", result);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData("Throttling")]
    [InlineData("ThrottlingException")]
    [InlineData("ThrottledException")]
    [InlineData("RequestThrottledException")]
    [InlineData("TooManyRequestsException")]
    [InlineData("ProvisionedThroughputExceededException")]
    [InlineData("TransactionInProgressException")]
    [InlineData("RequestLimitExceeded")]
    [InlineData("BandwidthLimitExceeded")]
    [InlineData("LimitExceededException")]
    [InlineData("RequestThrottled")]
    [InlineData("SlowDown")]
    [InlineData("PriorRequestNotComplete")]
    [InlineData("EC2ThrottledException")]
    [InlineData("RequestTimeout")]
    [InlineData("RequestTimeoutException")]
    public async Task ThrottlingAndTransientCodesAreRetriedWhateverTheStatus(string code)
    {
        var (_, handler) = await SucceedsAfter(() => Error(HttpStatusCode.BadRequest, code));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task TooManyRequestsWithItsCodeIsRetried()
    {
        var (_, handler) = await SucceedsAfter(() => Error(HttpStatusCode.TooManyRequests, "TooManyRequestsException"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task ModeledRetryableErrorIsRetried()
    {
        // 409 is not a transient status and the code is in no list: only the generated exception's Retryable says to retry.
        var (_, handler) = await SucceedsAfter(() => Error(HttpStatusCode.Conflict, "ConcurrentModificationException"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task NetworkErrorsAreRetried()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Throw(() => new IOException("connection reset")),
            ScriptedHandler.Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, "refused")),
            ScriptedHandler.Answer(() => Ok()));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task UnknownHostIsNotRetried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Throw(() => new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "MalformedQueryException")]
    [InlineData(HttpStatusCode.Forbidden, "AccessDeniedException")]
    [InlineData(HttpStatusCode.NotFound, null)]
    [InlineData(HttpStatusCode.TooManyRequests, null)] // a bare 429 with no code and no modeled error, as in the AWS SDKs
    [InlineData(HttpStatusCode.NotImplemented, null)]
    public async Task OtherErrorsAreNotRetried(HttpStatusCode status, string? code)
    {
        var handler = ScriptedHandler.Responses(() => Error(status, code));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(handler.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task UnreadableSuccessBodyIsNotRetried()
    {
        // The call may have had its effect: a 200 that cannot be read is reported, not sent again.
        var handler = ScriptedHandler.Responses(() => Ok("{\"results\":"));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            pipeline.SendAsync<string>(Operation(), _ => throw new System.Text.Json.JsonException("truncated"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task LastErrorIsThrownWhenAttemptsRunOut()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal("ServiceUnavailableException", error.ErrorCode);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, _clock.Waits.Count);
    }

    [Fact]
    public async Task MaxAttemptsOneMeansNoRetry()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null), () => Ok());
        var options = Options(_clock);
        options.Retry.MaxAttempts = 1;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("attempt=1; max=1", sent.Header("amz-sdk-request"));
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task MaxAttemptsSetInCodeIsHonoured()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.InternalServerError, null));
        var options = Options(_clock);
        options.Retry.MaxAttempts = 5;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal(5, handler.Requests.Count);
        Assert.Equal(["attempt=1; max=5", "attempt=2; max=5", "attempt=3; max=5", "attempt=4; max=5", "attempt=5; max=5"],
            handler.Requests.Select(r => r.Header("amz-sdk-request")));
    }

    [Fact]
    public async Task EveryAttemptIsANewRequestSignedAfterTheWait()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.InternalServerError, null), () => Error(HttpStatusCode.InternalServerError, null), () => Ok());
        var options = Options(_clock, jitter: [0.75, 0.75]);   // waits of 0.75 s then 1.5 s
        options.Retry.BaseDelay = TimeSpan.FromSeconds(4);      // make them 3 s and 6 s, so X-Amz-Date (whole seconds) moves
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6)], _clock.Waits);
        Assert.Equal(["20240304T050607Z", "20240304T050610Z", "20240304T050616Z"], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        var signatures = handler.Requests.Select(r => r.Header("Authorization")).ToList();
        Assert.Equal(3, signatures.Distinct().Count());
        Assert.All(handler.Requests, r => Assert.Equal(1, r.Count("Authorization")));
        Assert.All(handler.Requests, r => Assert.Equal("{\"query\":\"MATCH (n) RETURN n\"}", System.Text.Encoding.UTF8.GetString(r.Body)));
        Assert.All(handler.Requests, r => Assert.Equal(SessionToken, r.Header("X-Amz-Security-Token")));
    }

    [Fact]
    public async Task InvocationIdIsStableAndRequestHeaderCountsAttempts()
    {
        var (_, handler) = await SucceedsAfter(() => Error(HttpStatusCode.ServiceUnavailable, null));

        var ids = handler.Requests.Select(r => r.Header("amz-sdk-invocation-id")).ToList();
        Assert.Single(ids.Distinct());
        Assert.True(Guid.TryParse(ids[0], out _));
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"], handler.Requests.Select(r => r.Header("amz-sdk-request")));
        // Neither header is signed: they change per attempt (the id also per call) and proxies may add their own.
        Assert.All(handler.Requests, r => Assert.DoesNotContain("amz-sdk", r.Header("Authorization"), StringComparison.Ordinal));
    }

    [Fact]
    public void InvocationIdsAreDistinctVersion4Uuids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ServiceClientPipeline.NewInvocationId()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.True(Guid.TryParseExact(id, "D", out var guid), id);
            Assert.Equal(4, guid.Version);
            Assert.Contains(id[19], "89ab");
        });
    }

    [Fact]
    public async Task EachCallHasItsOwnInvocationId()
    {
        var handler = ScriptedHandler.Responses(() => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.NotEqual(handler.Requests[0].Header("amz-sdk-invocation-id"), handler.Requests[1].Header("amz-sdk-invocation-id"));
    }

    [Fact]
    public async Task CallerCancellationDuringTheWaitStopsRetrying()
    {
        var clock = new TestClock(Start, autoAdvance: false);
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        using var pipeline = new ServiceClientPipeline(Service(), Options(clock), new HttpClient(handler));
        using var cts = new CancellationTokenSource();

        var call = pipeline.SendAsync(Operation(), ReadBody, cts.Token);
        await clock.WaitForTimersAsync(1);   // the backoff wait
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CallerCancellationDuringAnAttemptIsNotRetried()
    {
        var clock = new TestClock(Start, autoAdvance: false);
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(clock), new HttpClient(handler));
        using var cts = new CancellationTokenSource();

        var call = pipeline.SendAsync(Operation(), ReadBody, cts.Token);
        await handler.FirstRequest;
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<AwsTimeoutException>(canceled);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CredentialsFailureIsNotRetried()
    {
        var handler = ScriptedHandler.Responses(() => Ok());
        var options = Options(_clock);
        options.Credentials = new Neptune.CodeGen.Runtime.Credentials.EnvironmentCredentialsProvider(_ => null);
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await Assert.ThrowsAsync<Neptune.CodeGen.Runtime.Credentials.AwsCredentialsException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        Assert.Empty(handler.Requests);
        Assert.Empty(_clock.Waits);
    }
}
