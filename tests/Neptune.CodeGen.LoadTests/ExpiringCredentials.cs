using System;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.LoadTests;

/// <summary>
/// A credentials source whose credentials live <see cref="Lifetime"/> on its clock, like STS or instance-profile
/// credentials. Each call is a fetch (the first) or a refresh; it counts them, and counts the refreshes that were not due
/// (the current credentials were not yet inside the refresh window) and the ones that overlapped another: both must stay
/// zero when the cache in front of it shares one refresh among all concurrent callers.
/// </summary>
public sealed class ExpiringCredentialsSource(AwsCredentials keys, TimeProvider clock, TimeSpan lifetime, TimeSpan refreshWindow) : IAwsCredentialsProvider
{
    private readonly object _gate = new();
    private AwsCredentials? _latest;
    private int _inFlight;

    public TimeSpan Lifetime => lifetime;

    /// <summary>How long before expiry credentials are due for refresh.</summary>
    public TimeSpan RefreshWindow => refreshWindow;

    /// <summary>Every call: the first fetch and every refresh.</summary>
    public int Fetches { get; private set; }

    /// <summary>Calls made while the latest credentials were not yet due for refresh.</summary>
    public int RefreshesNotDue { get; private set; }

    /// <summary>Calls made while another call was still running.</summary>
    public int OverlappingRefreshes { get; private set; }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Fetches++;
            if (_latest?.Expiration is { } expiration && clock.GetUtcNow() < expiration - refreshWindow)
            {
                RefreshesNotDue++;
            }

            if (++_inFlight > 1)
            {
                OverlappingRefreshes++;
            }
        }

        try
        {
            // A real refresh takes a while (an HTTP call): long enough for many callers to pile up behind it.
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
            var fresh = new AwsCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken, clock.GetUtcNow() + lifetime);
            lock (_gate)
            {
                _latest = fresh;
            }

            return fresh;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }
}

/// <summary>
/// Sits between the client and the cache and checks every credential the client signs with: none may have expired.
/// </summary>
public sealed class ExpiryWitness(IAwsCredentialsProvider inner, TimeProvider clock) : IAwsCredentialsProvider
{
    private int _expiredUses;

    /// <summary>Signatures made with credentials already expired on the clock.</summary>
    public int ExpiredUses => Volatile.Read(ref _expiredUses);

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var credentials = await inner.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        if (credentials.Expiration is { } expiration && expiration <= clock.GetUtcNow())
        {
            Interlocked.Increment(ref _expiredUses);
        }

        return credentials;
    }
}

/// <summary>A clock for the credentials only, moved by hand: the CI run makes expiries happen at set points, not by waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
