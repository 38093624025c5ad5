using System;
using System.Globalization;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// The wait before a retry: exponential backoff with full jitter,
/// <c>delay = r × min(base × 2^(n − 1), maxBackoff)</c>, where <c>r</c> is uniform in [0, 1) and <c>n</c> is the
/// number of the attempt that just failed (1 for the first attempt). So with a base of 1 s the first retry waits up to
/// 1 s, the second up to 2 s, then 4, 8, 16, and never more than 20 s. The cap is applied before the jitter.
/// </summary>
internal static class Backoff
{
    /// <summary>Computes the wait after attempt <paramref name="failedAttempt"/> failed with an error of <paramref name="kind"/>.</summary>
    public static TimeSpan Compute(RetrySettings settings, int failedAttempt, RetryKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var baseDelay = settings.BaseDelay ?? RetryPolicy.BaseDelayOf(kind, settings.Use2026Behavior);
        var ceiling = Math.Min(baseDelay.TotalSeconds * Math.Pow(2, failedAttempt - 1), settings.MaxBackoff.TotalSeconds);
        var jitter = Math.Clamp(settings.NextJitter(), 0, 1);
        return TimeSpan.FromSeconds(jitter * ceiling);
    }

    /// <summary>
    /// 2026 behaviour: the wait a service asked for in <c>x-amz-retry-after</c> (milliseconds), kept within
    /// [<paramref name="backoff"/>, <paramref name="backoff"/> + 5 s]. A missing or invalid value leaves the backoff as is.
    /// </summary>
    public static TimeSpan ApplyRetryAfter(TimeSpan backoff, string? retryAfterMilliseconds)
    {
        if (!long.TryParse(retryAfterMilliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return backoff;
        }

        var asked = TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)TimeSpan.FromDays(1).TotalMilliseconds));
        var longest = backoff + RetryPolicy.MaxRetryAfterExtension;
        return asked < backoff ? backoff : asked > longest ? longest : asked;
    }
}
