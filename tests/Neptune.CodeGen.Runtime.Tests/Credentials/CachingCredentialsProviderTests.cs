using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>Refresh ahead of expiry, single flight, static credentials passed through; all on a test clock.</summary>
public sealed class CachingCredentialsProviderTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 2, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A provider that counts its calls and hands out numbered credentials valid for <see cref="Lifetime"/>.</summary>
    private sealed class CountingProvider(TestClock clock) : IAwsCredentialsProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TimeSpan? Lifetime { get; set; } = TimeSpan.FromHours(1);

        public Func<Task>? Gate { get; set; }

        public Exception? Failure { get; set; }

        public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            if (Gate is not null)
            {
                await Gate();
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            return new AwsCredentials($"AKID{call}", "secret", Lifetime is null ? null : "token", Lifetime is null ? null : clock.Now + Lifetime.Value);
        }
    }

    [Fact]
    public async Task CachedUntilFiveMinutesBeforeExpiryThenRefreshed()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock);
        var cache = new CachingCredentialsProvider(inner, clock);

        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("AKID2", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(TimeSpan.FromMinutes(5), cache.RefreshWindow);
    }

    [Fact]
    public async Task StaticCredentialsAreNotCached()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock) { Lifetime = null };
        var cache = new CachingCredentialsProvider(inner, clock);

        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("AKID2", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task FiftyConcurrentCallersShareOneRefresh()
    {
        var clock = new TestClock(Start);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new CountingProvider(clock) { Gate = () => release.Task };
        var cache = new CachingCredentialsProvider(inner, clock);

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await cache.GetCredentialsAsync())).ToArray();
        await WaitUntil(() => inner.Calls == 1);
        await Task.Delay(50);
        release.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, inner.Calls);
        Assert.All(results, credentials => Assert.Equal("AKID1", credentials.AccessKeyId));

        // And again at refresh time: 50 callers, one call.
        clock.Advance(TimeSpan.FromMinutes(56));
        release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        callers = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await cache.GetCredentialsAsync())).ToArray();
        await WaitUntil(() => inner.Calls == 2);
        await Task.Delay(50);
        release.SetResult();
        results = await Task.WhenAll(callers);

        Assert.Equal(2, inner.Calls);
        Assert.All(results, credentials => Assert.Equal("AKID2", credentials.AccessKeyId));
    }

    [Fact]
    public async Task OneCallerCancellingDoesNotFailTheSharedRefresh()
    {
        var clock = new TestClock(Start);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new CountingProvider(clock) { Gate = () => release.Task };
        var cache = new CachingCredentialsProvider(inner, clock);
        using var cancel = new CancellationTokenSource();

        var cancelled = cache.GetCredentialsAsync(cancel.Token).AsTask();
        var patient = cache.GetCredentialsAsync().AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal("AKID1", (await patient).AccessKeyId);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task FailedRefreshKeepsValidCredentialsAndRetriesLater()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock);
        var cache = new CachingCredentialsProvider(inner, clock);
        await cache.GetCredentialsAsync();

        clock.Advance(TimeSpan.FromMinutes(56));
        inner.Failure = new AwsCredentialsException("IMDS hiccup");
        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("AKID1", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, inner.Calls);

        clock.Advance(TimeSpan.FromSeconds(30));
        inner.Failure = null;
        Assert.Equal("AKID3", (await cache.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task FailureAfterExpiryIsThrown()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock);
        var cache = new CachingCredentialsProvider(inner, clock);
        await cache.GetCredentialsAsync();

        clock.Advance(TimeSpan.FromHours(2));
        inner.Failure = new AwsCredentialsException("gone");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await cache.GetCredentialsAsync());
        Assert.Equal("gone", error.Message);
    }

    [Fact]
    public async Task ShortLivedCredentialsAreRefreshedHalfwayInsteadOfOnEveryCall()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock) { Lifetime = TimeSpan.FromMinutes(4) };
        var cache = new CachingCredentialsProvider(inner, clock);

        await cache.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromSeconds(119));
        await cache.GetCredentialsAsync();
        Assert.Equal(1, inner.Calls);
        clock.Advance(TimeSpan.FromSeconds(1));
        await cache.GetCredentialsAsync();
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task CustomWindowAndInvalidate()
    {
        var clock = new TestClock(Start);
        var inner = new CountingProvider(clock);
        var cache = new CachingCredentialsProvider(inner, clock, TimeSpan.FromMinutes(15));

        await cache.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal("AKID2", (await cache.GetCredentialsAsync()).AccessKeyId);
        cache.Invalidate();
        Assert.Equal("AKID3", (await cache.GetCredentialsAsync()).AccessKeyId);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingCredentialsProvider(inner, clock, TimeSpan.FromSeconds(-1)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
