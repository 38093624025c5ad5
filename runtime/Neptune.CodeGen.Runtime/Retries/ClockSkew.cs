using System;
using System.Collections.Concurrent;
using System.Threading;
using Neptune.CodeGen.Runtime.Errors;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// How far one endpoint's clock is from ours, learnt from the <c>Date</c> of responses that refused our signing time.
/// Shared by every client of the endpoint; added to the signing time of every later request to it.
/// </summary>
internal sealed class ClockSkew
{
    private static readonly ConcurrentDictionary<string, ClockSkew> Shared = new(StringComparer.OrdinalIgnoreCase);

    private long _offsetTicks;

    /// <summary>Server time minus our time; zero until a skew error is seen.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    /// <summary>The skew record shared by every client of the endpoint's scheme, host and port.</summary>
    public static ClockSkew ForEndpoint(Uri endpoint) => Shared.GetOrAdd(RetryQuota.EndpointKey(endpoint), static _ => new ClockSkew());

    /// <summary>
    /// Decides whether an error response is a clock-skew refusal, and if so returns the offset to sign with from now on.
    /// <c>RequestTimeTooSkewed</c>, <c>RequestExpired</c> and <c>RequestInTheFuture</c> always are; <c>InvalidSignatureException</c>,
    /// <c>AuthFailure</c> and <c>SignatureDoesNotMatch</c> are when the server's time is more than 5 minutes from the time we
    /// signed with. Without a <c>Date</c> header nothing can be corrected.
    /// </summary>
    /// <param name="error">The error response.</param>
    /// <param name="serverTime">The response's <c>Date</c>, or null.</param>
    /// <param name="localNow">Our clock, uncorrected, when the response arrived.</param>
    /// <param name="currentOffset">The offset the request was signed with.</param>
    /// <param name="offset">Server time minus <paramref name="localNow"/>.</param>
    public static bool TryDetect(ServiceError error, DateTimeOffset? serverTime, DateTimeOffset localNow, TimeSpan currentOffset, out TimeSpan offset)
    {
        offset = default;
        if (serverTime is not { } server || error.ErrorCode is not { } code)
        {
            return false;
        }

        var definite = RetryPolicy.DefiniteClockSkewCodes.Contains(code);
        var possible = RetryPolicy.PossibleClockSkewCodes.Contains(code)
            && (server - (localNow + currentOffset)).Duration() > RetryPolicy.ClockSkewThreshold;
        if (!definite && !possible)
        {
            return false;
        }

        offset = server - localNow;
        return true;
    }
}
