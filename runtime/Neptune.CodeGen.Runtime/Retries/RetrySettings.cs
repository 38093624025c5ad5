using System;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// The retry settings a client uses, resolved once from <see cref="RetryOptions"/>, the environment, the selected profile of
/// the shared config file and the defaults.
/// </summary>
/// <param name="MaxAttempts">Attempts per call, the first included.</param>
/// <param name="Mode">The configured mode (every mode behaves as standard).</param>
/// <param name="Use2026Behavior">Whether the 2026 bases, costs and <c>x-amz-retry-after</c> apply.</param>
/// <param name="MaxBackoff">The cap on the backoff before jitter.</param>
/// <param name="BaseDelay">A base delay set in code for every error, or null for the mode's own bases.</param>
/// <param name="NextJitter">The jitter source, uniform in [0, 1).</param>
internal sealed record RetrySettings(
    int MaxAttempts,
    RetryMode Mode,
    bool Use2026Behavior,
    TimeSpan MaxBackoff,
    TimeSpan? BaseDelay,
    Func<double> NextJitter);
