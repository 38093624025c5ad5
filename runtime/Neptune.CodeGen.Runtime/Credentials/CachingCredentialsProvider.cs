using System;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Caches temporary credentials (those with an <see cref="AwsCredentials.Expiration"/>) from another provider and
/// refreshes them ahead of expiry: at <see cref="RefreshWindow"/> (5 minutes by default) before they expire, or halfway
/// through their remaining life when they arrive with less than that left. Static credentials (no expiration) are never
/// kept: every call asks the inner provider again, so rotated keys are picked up.
/// <para>
/// Thread-safe and single-flight: however many callers need a refresh at once, the inner provider is called once and all
/// of them get its result. A caller's cancellation token cancels only its own wait, not the shared refresh. When a refresh
/// fails while the cached credentials have not expired yet, those are returned and the refresh is tried again 30 seconds
/// later (or at expiry, if sooner).
/// </para>
/// </summary>
public sealed class CachingCredentialsProvider : IAwsCredentialsProvider
{
    /// <summary>How long before expiry temporary credentials are refreshed by default.</summary>
    public static readonly TimeSpan DefaultRefreshWindow = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly IAwsCredentialsProvider _inner;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private Entry? _cached;
    private Task<AwsCredentials>? _refresh;

    /// <summary>Creates the cache.</summary>
    /// <param name="inner">The provider to cache.</param>
    /// <param name="timeProvider">The clock for expiry checks; the system clock when null.</param>
    /// <param name="refreshWindow">How long before expiry to refresh; <see cref="DefaultRefreshWindow"/> when null.</param>
    public CachingCredentialsProvider(IAwsCredentialsProvider inner, TimeProvider? timeProvider = null, TimeSpan? refreshWindow = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (refreshWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshWindow), "The refresh window cannot be negative.");
        }

        _inner = inner;
        _timeProvider = timeProvider ?? TimeProvider.System;
        RefreshWindow = refreshWindow ?? DefaultRefreshWindow;
    }

    /// <summary>How long before expiry temporary credentials are refreshed.</summary>
    public TimeSpan RefreshWindow { get; }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && _timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return new(cached.Credentials);
        }

        return new(WaitForRefreshAsync(cancellationToken));
    }

    /// <summary>Forgets the cached credentials, so the next call asks the inner provider (for example after the service rejected them).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }

    private async Task<AwsCredentials> WaitForRefreshAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<AwsCredentials>? started = null;
        Entry? previous;
        Task<AwsCredentials> refresh;
        lock (_gate)
        {
            // Another caller may have finished a refresh while this one waited for the lock.
            previous = _cached;
            if (previous is not null && _timeProvider.GetUtcNow() < previous.RefreshAt)
            {
                return previous.Credentials;
            }

            if (_refresh is not { IsCompleted: false })
            {
                started = new TaskCompletionSource<AwsCredentials>(TaskCreationOptions.RunContinuationsAsynchronously);
                _refresh = started.Task;
            }

            refresh = _refresh;
        }

        if (started is not null)
        {
            // The inner provider runs outside the lock; every caller, this one included, waits on the same task.
            _ = CompleteAsync(started, previous);
        }

        return await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteAsync(TaskCompletionSource<AwsCredentials> refresh, Entry? previous)
    {
        try
        {
            refresh.SetResult(await RefreshAsync(previous).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            refresh.SetException(exception);
        }
    }

    private async Task<AwsCredentials> RefreshAsync(Entry? previous)
    {
        AwsCredentials fresh;
        try
        {
            // Not the caller's token: the refresh is shared, and one caller giving up must not fail the others.
            fresh = await _inner.GetCredentialsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) when (previous is not null && _timeProvider.GetUtcNow() < previous.Expiration)
        {
            var retryAt = _timeProvider.GetUtcNow() + RetryAfterFailure;
            lock (_gate)
            {
                _cached = previous with { RefreshAt = retryAt < previous.Expiration ? retryAt : previous.Expiration };
            }

            return previous.Credentials;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            _cached = fresh.Expiration is { } expiration ? new Entry(fresh, expiration, RefreshTime(now, expiration)) : null;
        }

        return fresh;
    }

    private DateTimeOffset RefreshTime(DateTimeOffset now, DateTimeOffset expiration)
    {
        var ahead = expiration - RefreshWindow;
        var halfway = now + (expiration - now) / 2;
        return ahead > halfway ? ahead : halfway;
    }

    private sealed record Entry(AwsCredentials Credentials, DateTimeOffset Expiration, DateTimeOffset RefreshAt);
}
