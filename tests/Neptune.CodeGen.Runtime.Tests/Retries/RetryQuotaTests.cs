using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>The retry quota: 500 tokens per endpoint, retries cost 5 (10 after a timeout), successes refill it.</summary>
public sealed class RetryQuotaTests
{
    private readonly TestClock _clock = new(Start, autoAdvance: true);

    [Fact]
    public void BucketTakesAndRefundsButNeverExceedsItsCapacity()
    {
        var quota = new RetryQuota();
        Assert.Equal(500, quota.Available);

        Assert.True(quota.TryAcquire(5));
        Assert.True(quota.TryAcquire(10));
        Assert.Equal(485, quota.Available);
        quota.Release(10);
        quota.Release(1);
        Assert.Equal(496, quota.Available);
        quota.Release(100);
        Assert.Equal(500, quota.Available);
    }

    [Fact]
    public void EmptyBucketRefusesWithoutTakingAnything()
    {
        var quota = new RetryQuota(12);

        Assert.True(quota.TryAcquire(10));
        Assert.False(quota.TryAcquire(5));
        Assert.Equal(2, quota.Available);
    }

    [Fact]
    public void CostsPerMode()
    {
        Assert.Equal(5, RetryPolicy.CostOf(RetryKind.Transient, use2026Behavior: false));
        Assert.Equal(5, RetryPolicy.CostOf(RetryKind.Throttling, use2026Behavior: false));
        Assert.Equal(10, RetryPolicy.CostOf(RetryKind.Timeout, use2026Behavior: false));
        Assert.Equal(14, RetryPolicy.CostOf(RetryKind.Transient, use2026Behavior: true));
        Assert.Equal(14, RetryPolicy.CostOf(RetryKind.Timeout, use2026Behavior: true));
        Assert.Equal(5, RetryPolicy.CostOf(RetryKind.Throttling, use2026Behavior: true));
    }

    [Fact]
    public void ClientsOfOneEndpointShareABucket()
    {
        var endpoint = UniqueEndpoint();

        Assert.Same(RetryQuota.ForEndpoint(endpoint), RetryQuota.ForEndpoint(new Uri(endpoint, "/other/path")));
        Assert.NotSame(RetryQuota.ForEndpoint(endpoint), RetryQuota.ForEndpoint(UniqueEndpoint()));
    }

    [Fact]
    public async Task FailedRetriesSpendAndAFirstTimeSuccessEarnsOne()
    {
        var endpoint = UniqueEndpoint();
        Func<HttpResponseMessage> failure = () => Error(HttpStatusCode.InternalServerError, null);
        var handler = ScriptedHandler.Responses(failure, failure, failure, failure, () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, endpoint), new HttpClient(handler));
        var quota = RetryQuota.ForEndpoint(endpoint);

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        Assert.Equal(490, quota.Available);     // two retries of 5

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);   // fails once (−5), then succeeds: refund of 5
        Assert.Equal(490, quota.Available);
        Assert.Equal(5, handler.Requests.Count);

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);   // first-time success: +1
        Assert.Equal(491, quota.Available);
    }

    [Fact]
    public async Task RetriedSuccessRefundsItsLastCost()
    {
        var endpoint = UniqueEndpoint();
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null), () => Error(HttpStatusCode.ServiceUnavailable, null), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, endpoint), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(495, RetryQuota.ForEndpoint(endpoint).Available);   // 500 − 5 − 5 + 5
    }

    [Fact]
    public async Task FullBucketStaysFull()
    {
        var endpoint = UniqueEndpoint();
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, endpoint), new HttpClient(ScriptedHandler.Responses(() => Ok())));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(500, RetryQuota.ForEndpoint(endpoint).Available);
    }

    [Fact]
    public async Task EmptyQuotaFailsFastWithTheLastError()
    {
        var endpoint = UniqueEndpoint();
        var quota = RetryQuota.ForEndpoint(endpoint);
        Assert.True(quota.TryAcquire(496));   // 4 left: less than one retry
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, endpoint), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal("ServiceUnavailableException", error.ErrorCode);
        Assert.Single(handler.Requests);
        Assert.Empty(_clock.Waits);
        Assert.Equal(4, quota.Available);
    }

    [Fact]
    public async Task QuotaDrainsUnderSustainedFailureThenSuccessesRefill()
    {
        var endpoint = UniqueEndpoint();
        var failing = true;
        var handler = ScriptedHandler.Responses(() => failing ? Error(HttpStatusCode.InternalServerError, null) : Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, endpoint, jitter: [0.0]), new HttpClient(handler));
        var quota = RetryQuota.ForEndpoint(endpoint);

        for (var call = 0; call < 50; call++)      // 50 calls × 2 retries × 5 tokens = 500
        {
            await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        }

        Assert.Equal(0, quota.Available);
        Assert.Equal(150, handler.Requests.Count);

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        Assert.Equal(151, handler.Requests.Count);  // no retry once empty

        failing = false;
        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        Assert.Equal(1, quota.Available);
    }

    [Fact]
    public async Task In2026ModeATransientRetryCosts14AndAThrottlingRetry5()
    {
        var transientEndpoint = UniqueEndpoint();
        var throttledEndpoint = UniqueEndpoint();
        var options = Options(_clock, transientEndpoint);
        options.Retry.Use2026Behavior = true;
        options.Retry.MaxAttempts = 2;
        using (var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(ScriptedHandler.Responses(() => Error(HttpStatusCode.InternalServerError, null)))))
        {
            await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        }

        options.Endpoint = throttledEndpoint;
        using (var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(ScriptedHandler.Responses(() => Error(HttpStatusCode.BadRequest, "ThrottlingException")))))
        {
            await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        }

        Assert.Equal(486, RetryQuota.ForEndpoint(transientEndpoint).Available);
        Assert.Equal(495, RetryQuota.ForEndpoint(throttledEndpoint).Available);
    }
}
