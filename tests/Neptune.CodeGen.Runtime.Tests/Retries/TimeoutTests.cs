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

/// <summary>Attempt and operation timeouts, driven by a manual fake clock: each surfaces as an AwsTimeoutException naming it.</summary>
public sealed class TimeoutTests
{
    private readonly TestClock _clock = new(Start, autoAdvance: false);
    private readonly Uri _endpoint = UniqueEndpoint();

    private TestOptions Options(TimeSpan attemptTimeout, TimeSpan operationTimeout, params double[] jitter)
    {
        var options = RetryTestKit.Options(_clock, _endpoint, jitter.Length == 0 ? [0.0] : jitter);
        options.AttemptTimeout = attemptTimeout;
        options.OperationTimeout = operationTimeout;
        return options;
    }

    [Fact]
    public async Task AttemptTimeoutIsRetriedAndCostsTenTokensRefundedOnSuccess()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Answer(() => Ok()));
        using var pipeline = new ServiceClientPipeline(Service(), Options(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan), new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await handler.FirstRequest;
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("{\"results\":[]}", await call);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(500, RetryQuota.ForEndpoint(_endpoint).Available);
    }

    [Fact]
    public async Task AttemptTimeoutOnTheLastAttemptIsATimeoutException()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        var options = Options(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        options.Retry.MaxAttempts = 2;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await handler.WaitForRequestsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => call);
        Assert.IsAssignableFrom<TimeoutException>(timeout);
        Assert.Equal(AwsTimeoutKind.Attempt, timeout.Kind);
        Assert.Equal("ExecuteOpenCypherQuery", timeout.OperationName);
        Assert.Equal(TimeSpan.FromSeconds(30), timeout.Timeout);
        Assert.Equal(2, timeout.Attempts);
        Assert.Equal("ExecuteOpenCypherQuery did not complete within the attempt timeout (AttemptTimeout) of 30 s (2 attempts).", timeout.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(timeout.InnerException);
        Assert.Equal(490, RetryQuota.ForEndpoint(_endpoint).Available);
    }

    [Fact]
    public async Task OperationTimeoutEndsAHangingAttemptWithoutRetry()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(100)), new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await handler.FirstRequest;
        _clock.Advance(TimeSpan.FromSeconds(100));

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => call);
        Assert.Equal(AwsTimeoutKind.Operation, timeout.Kind);
        Assert.Contains("ExecuteOpenCypherQuery did not complete within the operation timeout (OperationTimeout) of 100 s", timeout.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task OperationTimeoutCutsTheBackoffWait()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        var options = Options(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(5), jitter: [0.5]);
        options.Retry.BaseDelay = TimeSpan.FromSeconds(20);   // the first wait is 10 s
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await _clock.WaitForTimersAsync(2);                   // the operation timeout and the backoff wait
        _clock.Advance(TimeSpan.FromSeconds(5));

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => call);
        Assert.Equal(AwsTimeoutKind.Operation, timeout.Kind);
        Assert.Equal(1, timeout.Attempts);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task HttpClientTimeoutIsRetriedAndNamedWhenItEndsTheCall()
    {
        // HttpClient reports its own Timeout as a TaskCanceledException caused by a TimeoutException.
        var handler = new ScriptedHandler(ScriptedHandler.Throw(() => new TaskCanceledException("timed out", new TimeoutException())));
        var options = Options(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        options.Retry.MaxAttempts = 2;
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(7) };
        using var pipeline = new ServiceClientPipeline(Service(), options, client);

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal(AwsTimeoutKind.HttpClient, timeout.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), timeout.Timeout);
        Assert.Contains("HttpClient", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CallerCancellationIsNotATimeout()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100)), new HttpClient(handler));
        using var cts = new CancellationTokenSource();

        var call = pipeline.SendAsync(Operation(), ReadBody, cts.Token);
        await handler.FirstRequest;
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task InfiniteTimeoutsArmNoTimer()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), new HttpClient(handler));
        using var cts = new CancellationTokenSource();

        var call = pipeline.SendAsync(Operation(), ReadBody, cts.Token);
        await handler.FirstRequest;
        Assert.Equal(0, _clock.PendingTimers);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.False(call.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task OperationTimeoutEndsALaterAttemptBeforeItsAttemptTimeout()
    {
        // Attempt 1 times out at 30 s; attempt 2 would time out at 60 s, but the operation ends at 45 s.
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45)), new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await handler.WaitForRequestsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(14));
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => call);
        Assert.Equal(AwsTimeoutKind.Operation, timeout.Kind);
        Assert.Equal(TimeSpan.FromSeconds(45), timeout.Timeout);
        Assert.Equal(2, timeout.Attempts);
    }

    [Fact]
    public async Task AttemptAndOperationTimeoutsFallingDueTogetherAreTheOperationTimeout()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Hang());
        using var pipeline = new ServiceClientPipeline(Service(), Options(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)), new HttpClient(handler));

        var call = pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await handler.WaitForRequestsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<AwsTimeoutException>(() => call);
        Assert.Equal(AwsTimeoutKind.Operation, timeout.Kind);
        Assert.Equal(2, timeout.Attempts);
    }

    [Fact]
    public async Task CallerCancellationDuringTheBackoffWaitIsNotATimeout()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        var options = Options(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100), jitter: [0.5]);
        options.Retry.BaseDelay = TimeSpan.FromSeconds(20);   // the first wait is 10 s
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));
        using var cts = new CancellationTokenSource();

        var call = pipeline.SendAsync(Operation(), ReadBody, cts.Token);
        await _clock.WaitForTimersAsync(2);                   // the operation timeout and the backoff wait
        cts.Cancel();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<AwsTimeoutException>(canceled);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(handler.Requests);
    }
}
