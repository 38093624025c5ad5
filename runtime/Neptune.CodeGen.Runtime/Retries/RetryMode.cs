namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// The retry mode names the AWS SDKs share (<c>AWS_RETRY_MODE</c>, <c>retry_mode</c>). This runtime implements
/// <see cref="Standard"/>; the other names are accepted so settings written for the AWS SDKs keep working, and behave as
/// <see cref="Standard"/>.
/// </summary>
public enum RetryMode
{
    /// <summary>
    /// The AWS "standard" mode: exponential backoff with full jitter, a per-endpoint retry quota, and retries of throttling,
    /// transient and network errors.
    /// </summary>
    Standard = 0,

    /// <summary>Accepted for compatibility; behaves as <see cref="Standard"/> (the old per-SDK rules are not reproduced).</summary>
    Legacy = 1,

    /// <summary>Accepted for compatibility; behaves as <see cref="Standard"/> (no client-side rate limiting is done).</summary>
    Adaptive = 2,
}
