using System;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// How a client retries failed calls. Every setting left null is read from its environment variable, else takes the
/// AWS "standard" default; a value set in code always wins over the environment. The settings are read once, when the
/// client is built.
/// </summary>
/// <remarks>
/// <para>
/// Retried: throttling errors (<c>ThrottlingException</c>, <c>TooManyRequestsException</c> and the other codes the AWS SDKs
/// share), <c>RequestTimeout</c>/<c>RequestTimeoutException</c>, errors the service model marks retryable, HTTP 500, 502, 503
/// and 504, network errors and attempt timeouts. Never retried: other errors, the caller's cancellation, the operation timeout.
/// Every attempt is a new request, signed afresh after the wait.
/// </para>
/// <para>
/// The wait before retry <c>n</c> (after attempt <c>n</c> failed) is <c>random[0, 1) × min(BaseDelay × 2^(n − 1), MaxBackoff)</c>:
/// with the defaults, up to 1 s before the second attempt, up to 2 s before the third.
/// </para>
/// <para>
/// Retries draw on a quota shared by all clients of an endpoint (500 tokens; a retry costs 5, or 10 after a timeout; a call that
/// succeeds gives tokens back). When the quota is empty, failed calls are not retried until successes refill it.
/// </para>
/// </remarks>
public sealed class RetryOptions
{
    /// <summary>The environment variable read when <see cref="MaxAttempts"/> is null.</summary>
    public const string MaxAttemptsVariable = "AWS_MAX_ATTEMPTS";

    /// <summary>The environment variable read when <see cref="Mode"/> is null: <c>standard</c>, <c>adaptive</c> or <c>legacy</c>.</summary>
    public const string ModeVariable = "AWS_RETRY_MODE";

    /// <summary>The environment variable read when <see cref="Use2026Behavior"/> is null: <c>true</c> or <c>false</c>.</summary>
    public const string NewRetries2026Variable = "AWS_NEW_RETRIES_2026";

    /// <summary>
    /// Attempts per call, the first one included; 1 turns retries off. When null: <c>AWS_MAX_ATTEMPTS</c>, else 3.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// The retry mode. When null: <c>AWS_RETRY_MODE</c>, else <see cref="RetryMode.Standard"/>. Every mode currently behaves
    /// as <see cref="RetryMode.Standard"/>; see <see cref="RetryMode"/>.
    /// </summary>
    public RetryMode? Mode { get; set; }

    /// <summary>
    /// Whether to use the AWS SDKs' updated retry behaviour of 2026: a 50 ms backoff base for transient errors and 1 s for
    /// throttling, retry costs of 14 (transient and timeouts) and 5 (throttling), and the service's <c>x-amz-retry-after</c>
    /// (milliseconds) honoured within [backoff, backoff + 5 s]. When null: <c>AWS_NEW_RETRIES_2026</c>, else false.
    /// </summary>
    public bool? Use2026Behavior { get; set; }

    /// <summary>The longest wait between attempts, before jitter. When null: 20 seconds.</summary>
    public TimeSpan? MaxBackoff { get; set; }

    /// <summary>
    /// The base of the exponential backoff, used for every error. When null: 1 second (in 2026 mode, 50 ms for transient
    /// errors and 1 second for throttling).
    /// </summary>
    public TimeSpan? BaseDelay { get; set; }

    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    /// <summary>The jitter source, uniform in [0, 1); tests substitute a seeded or scripted one.</summary>
    internal Func<double> NextJitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Reads environment variables; tests substitute their own.</summary>
    internal Func<string, string?> GetVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>Combines the settings, the environment and the defaults, validating each.</summary>
    /// <exception cref="ArgumentException">A setting made in code is out of range.</exception>
    /// <exception cref="InvalidOperationException">An environment variable holds a value that cannot be used.</exception>
    internal RetrySettings Resolve()
    {
        if (MaxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts,
                "Retry.MaxAttempts must be at least 1 (1 means no retries).");
        }

        if (Mode is { } mode && !Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), mode, "Retry.Mode is not a defined RetryMode.");
        }

        // The upper bound keeps every wait within what a timer accepts.
        if (MaxBackoff is { } maxBackoff && (maxBackoff <= TimeSpan.Zero || maxBackoff > MaxWait))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBackoff), maxBackoff, "Retry.MaxBackoff must be positive and at most 1 day.");
        }

        if (BaseDelay is { } baseDelay && baseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), baseDelay, "Retry.BaseDelay must be positive.");
        }

        ArgumentNullException.ThrowIfNull(NextJitter);
        ArgumentNullException.ThrowIfNull(GetVariable);
        return new RetrySettings(
            MaxAttempts ?? ReadMaxAttempts() ?? RetryPolicy.DefaultMaxAttempts,
            Mode ?? ReadMode() ?? RetryMode.Standard,
            Use2026Behavior ?? ReadUse2026() ?? false,
            MaxBackoff ?? RetryPolicy.DefaultMaxBackoff,
            BaseDelay,
            NextJitter);
    }

    private string? Read(string name) => GetVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private int? ReadMaxAttempts()
    {
        if (Read(MaxAttemptsVariable) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException(
                $"The environment variable {MaxAttemptsVariable} is '{text}': it must be a whole number of at least 1 (1 means no retries).");
    }

    private RetryMode? ReadMode() => Read(ModeVariable)?.ToLowerInvariant() switch
    {
        null => null,
        "standard" => RetryMode.Standard,
        "adaptive" => RetryMode.Adaptive,
        "legacy" => RetryMode.Legacy,
        _ => throw new InvalidOperationException(
            $"The environment variable {ModeVariable} is '{Read(ModeVariable)}': it must be standard, adaptive or legacy."),
    };

    private bool? ReadUse2026() => Read(NewRetries2026Variable)?.ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw new InvalidOperationException(
            $"The environment variable {NewRetries2026Variable} is '{Read(NewRetries2026Variable)}': it must be true or false."),
    };
}
