using System;
using System.Collections.Frozen;
using System.Net;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// Every number and list the retry behaviour uses, in one place. The values are those the AWS SDKs share for the
/// "standard" retry mode, and for the updated behaviour of 2026 (<c>AWS_NEW_RETRIES_2026=true</c>).
/// </summary>
internal static class RetryPolicy
{
    /// <summary>Attempts per call, the first one included.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>The longest wait between two attempts, before jitter.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(20);

    /// <summary>The base of the exponential backoff (standard mode, every error).</summary>
    public static readonly TimeSpan StandardBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>Tokens in a full retry quota.</summary>
    public const int QuotaCapacity = 500;

    /// <summary>Tokens a retry takes (standard mode).</summary>
    public const int RetryCost = 5;

    /// <summary>Tokens a retry after a timeout takes (standard mode).</summary>
    public const int TimeoutRetryCost = 10;

    /// <summary>Tokens a call that succeeds on its first attempt gives back.</summary>
    public const int NoRetryIncrement = 1;

    /// <summary>2026 behaviour: the base of the backoff for transient (non-throttling) errors.</summary>
    public static readonly TimeSpan TransientBaseDelay2026 = TimeSpan.FromMilliseconds(50);

    /// <summary>2026 behaviour: the base of the backoff for throttling errors.</summary>
    public static readonly TimeSpan ThrottlingBaseDelay2026 = TimeSpan.FromSeconds(1);

    /// <summary>2026 behaviour: tokens a retry of a transient error (timeouts included) takes.</summary>
    public const int TransientRetryCost2026 = 14;

    /// <summary>2026 behaviour: tokens a retry of a throttling error takes.</summary>
    public const int ThrottlingRetryCost2026 = 5;

    /// <summary>2026 behaviour: the header through which a service asks for a wait, in milliseconds.</summary>
    public const string RetryAfterHeader = "x-amz-retry-after";

    /// <summary>2026 behaviour: how far past the computed backoff <see cref="RetryAfterHeader"/> may push the wait.</summary>
    public static readonly TimeSpan MaxRetryAfterExtension = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far the server's clock must be from ours before an authentication error is taken for clock skew
    /// (see <see cref="PossibleClockSkewCodes"/>).
    /// </summary>
    public static readonly TimeSpan ClockSkewThreshold = TimeSpan.FromMinutes(5);

    /// <summary>Error codes that mean the caller is sending too fast.</summary>
    public static readonly FrozenSet<string> ThrottlingCodes = FrozenSet.ToFrozenSet(
    [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ], StringComparer.Ordinal);

    /// <summary>Error codes of transient failures on the service's side.</summary>
    public static readonly FrozenSet<string> TransientCodes = FrozenSet.ToFrozenSet(
        ["RequestTimeout", "RequestTimeoutException"], StringComparer.Ordinal);

    /// <summary>HTTP statuses of transient failures.</summary>
    public static readonly FrozenSet<HttpStatusCode> TransientStatusCodes = FrozenSet.ToFrozenSet(
    [
        HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ]);

    /// <summary>Error codes that always mean the request's time was outside the server's window.</summary>
    public static readonly FrozenSet<string> DefiniteClockSkewCodes = FrozenSet.ToFrozenSet(
        ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"], StringComparer.Ordinal);

    /// <summary>
    /// Error codes that mean clock skew only when the server's <c>Date</c> is more than <see cref="ClockSkewThreshold"/>
    /// away from ours (otherwise they are real authentication failures).
    /// </summary>
    public static readonly FrozenSet<string> PossibleClockSkewCodes = FrozenSet.ToFrozenSet(
        ["InvalidSignatureException", "AuthFailure", "SignatureDoesNotMatch"], StringComparer.Ordinal);

    /// <summary>The quota cost of retrying an error of the given kind.</summary>
    public static int CostOf(RetryKind kind, bool use2026Behavior) => use2026Behavior
        ? kind == RetryKind.Throttling ? ThrottlingRetryCost2026 : TransientRetryCost2026
        : kind == RetryKind.Timeout ? TimeoutRetryCost : RetryCost;

    /// <summary>The base of the backoff for an error of the given kind (when the options set none).</summary>
    public static TimeSpan BaseDelayOf(RetryKind kind, bool use2026Behavior) => use2026Behavior
        ? kind == RetryKind.Throttling ? ThrottlingBaseDelay2026 : TransientBaseDelay2026
        : StandardBaseDelay;
}
