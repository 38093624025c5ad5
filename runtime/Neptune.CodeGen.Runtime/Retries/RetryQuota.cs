using System;
using System.Collections.Concurrent;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// The retry quota: a token bucket shared by every client of one endpoint, so that when a service is failing the clients
/// stop multiplying its load. A retry takes tokens (5, or 10 after a timeout); a call that succeeds first time gives one
/// back; a retried call that succeeds gives back what its last retry took. The bucket never holds more than it started with;
/// when it cannot pay for a retry, the call fails at once with the error it had.
/// </summary>
internal sealed class RetryQuota
{
    private static readonly ConcurrentDictionary<string, RetryQuota> Shared = new(StringComparer.OrdinalIgnoreCase);

    private readonly object _gate = new();
    private int _available;

    /// <summary>Creates a full bucket.</summary>
    public RetryQuota(int capacity = RetryPolicy.QuotaCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>The most tokens the bucket holds.</summary>
    public int Capacity { get; }

    /// <summary>The tokens left.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    /// <summary>The bucket shared by every client of the endpoint's scheme, host and port.</summary>
    public static RetryQuota ForEndpoint(Uri endpoint) => Shared.GetOrAdd(EndpointKey(endpoint), static _ => new RetryQuota());

    /// <summary>The key under which per-endpoint state is kept: scheme, host and port.</summary>
    public static string EndpointKey(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);

    /// <summary>Takes <paramref name="cost"/> tokens if there are that many; returns false (taking none) otherwise.</summary>
    public bool TryAcquire(int cost)
    {
        lock (_gate)
        {
            if (_available < cost)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>Gives tokens back, never above <see cref="Capacity"/>.</summary>
    public void Release(int amount)
    {
        lock (_gate)
        {
            _available = Math.Min(Capacity, _available + amount);
        }
    }
}
