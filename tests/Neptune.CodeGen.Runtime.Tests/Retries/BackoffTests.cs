using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>
/// The backoff convention: delay = r × min(base × 2^(n − 1), maxBackoff), r uniform in [0, 1), n = the attempt that just
/// failed (1-based). Standard base 1 s, cap 20 s; 2026 bases 50 ms (transient) and 1 s (throttling).
/// </summary>
public sealed class BackoffTests
{
    private static RetrySettings Settings(Func<double> jitter, bool use2026 = false, TimeSpan? baseDelay = null, TimeSpan? maxBackoff = null) =>
        new(3, RetryMode.Standard, use2026, maxBackoff ?? TimeSpan.FromSeconds(20), baseDelay, jitter);

    [Fact]
    public void JitterOfOneGivesTheCeilingWhichDoublesPerAttemptFromOneSecond()
    {
        var settings = Settings(() => 1.0);

        var ceilings = Enumerable.Range(1, 7).Select(n => Backoff.Compute(settings, n, RetryKind.Transient).TotalSeconds);

        Assert.Equal([1.0, 2, 4, 8, 16, 20, 20], ceilings);
    }

    [Fact]
    public void SeededRandomGivesTheFormulasValues()
    {
        var settings = Settings(new Random(12345).NextDouble);
        var expected = new Random(12345);

        for (var n = 1; n <= 8; n++)
        {
            var delay = Backoff.Compute(settings, n, RetryKind.Transient);
            Assert.Equal(expected.NextDouble() * Math.Min(Math.Pow(2, n - 1), 20), delay.TotalSeconds, tolerance: 1e-6);
        }
    }

    [Theory]
    [InlineData(0.0, 1, 0)]
    [InlineData(0.5, 1, 500)]
    [InlineData(0.5, 2, 1000)]
    [InlineData(0.25, 3, 1000)]
    [InlineData(0.5, 6, 10000)]     // 0.5 × min(32 s, 20 s): the cap comes before the jitter
    [InlineData(0.999, 40, 19980)]  // no overflow however many attempts
    public void StandardDelays(double jitter, int failedAttempt, int expectedMilliseconds)
    {
        var delay = Backoff.Compute(Settings(() => jitter), failedAttempt, RetryKind.Throttling);

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void TimeoutsAndThrottlingWaitLikeAnyErrorInStandardMode()
    {
        var settings = Settings(() => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(2), Backoff.Compute(settings, 2, RetryKind.Timeout));
        Assert.Equal(TimeSpan.FromSeconds(2), Backoff.Compute(settings, 2, RetryKind.Throttling));
    }

    [Fact]
    public void MaxBackoffAndBaseDelayFromOptionsAreUsed()
    {
        var settings = Settings(() => 1.0, baseDelay: TimeSpan.FromMilliseconds(100), maxBackoff: TimeSpan.FromMilliseconds(350));

        Assert.Equal([100.0, 200, 350, 350], Enumerable.Range(1, 4).Select(n => Backoff.Compute(settings, n, RetryKind.Transient).TotalMilliseconds));
    }

    [Fact]
    public void Updated2026BasesAre50MillisecondsForTransientAndOneSecondForThrottling()
    {
        var settings = Settings(() => 1.0, use2026: true);

        Assert.Equal([50.0, 100, 200, 400], Enumerable.Range(1, 4).Select(n => Backoff.Compute(settings, n, RetryKind.Transient).TotalMilliseconds));
        Assert.Equal(100.0, Backoff.Compute(settings, 2, RetryKind.Timeout).TotalMilliseconds);
        Assert.Equal([1000.0, 2000, 4000], Enumerable.Range(1, 3).Select(n => Backoff.Compute(settings, n, RetryKind.Throttling).TotalMilliseconds));
    }

    [Theory]
    [InlineData(null, 400)]         // no header: the backoff
    [InlineData("abc", 400)]        // invalid: ignored
    [InlineData("-5", 400)]
    [InlineData("100", 400)]        // less than the backoff: the backoff
    [InlineData("2500", 2500)]      // within range: as asked
    [InlineData("60000", 5400)]     // more than backoff + 5 s: clamped
    public void RetryAfterIsClampedToBackoffPlusFiveSeconds(string? header, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Backoff.ApplyRetryAfter(TimeSpan.FromMilliseconds(400), header));
    }

    [Fact]
    public async Task PipelineWaitsTheComputedDelays()
    {
        var clock = new TestClock(Start, autoAdvance: true);
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        var options = Options(clock, jitter: [0.5, 0.25, 0.9, 0.1]);
        options.Retry.MaxAttempts = 5;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await Assert.ThrowsAnyAsync<Exception>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        // 0.5 × 1 s, 0.25 × 2 s, 0.9 × 4 s, 0.1 × 8 s
        Assert.Equal([500.0, 500, 3600, 800], clock.Waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public async Task PipelineIn2026ModeHonoursRetryAfter()
    {
        var clock = new TestClock(Start, autoAdvance: true);
        var handler = ScriptedHandler.Responses(
            () => Error(HttpStatusCode.ServiceUnavailable, null, ("x-amz-retry-after", "3000")),
            () => Error(HttpStatusCode.BadRequest, "ThrottlingException", ("x-amz-retry-after", "100000")),
            () => Ok());
        var options = Options(clock, jitter: [1.0]);
        options.Retry.Use2026Behavior = true;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        // Transient: backoff 50 ms, the 3 s asked for is within [50 ms, 5.05 s]. Throttling: backoff 2 s, clamped to 7 s.
        Assert.Equal([3000.0, 7000], clock.Waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public async Task StandardModeIgnoresRetryAfter()
    {
        var clock = new TestClock(Start, autoAdvance: true);
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null, ("x-amz-retry-after", "3000")), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(clock, jitter: [0.5]), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal([TimeSpan.FromMilliseconds(500)], clock.Waits);
    }
}
