using System;
using System.Collections.Generic;
using System.Globalization;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>
/// How a client retries failed calls. Every setting left null is read from its environment variable, else (for
/// <see cref="MaxAttempts"/> and <see cref="Mode"/>) from the <c>max_attempts</c> and <c>retry_mode</c> keys of the selected
/// profile (<c>AWS_PROFILE</c>, else <c>default</c>) in the shared config file (<c>AWS_CONFIG_FILE</c>, else
/// <c>~/.aws/config</c>), else takes the AWS "standard" default: code wins over the environment, which wins over the profile.
/// The settings are read once, when the client is built.
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
    /// Attempts per call, the first one included; 1 turns retries off. When null: <c>AWS_MAX_ATTEMPTS</c>, else the profile's
    /// <c>max_attempts</c>, else 3.
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// The retry mode. When null: <c>AWS_RETRY_MODE</c>, else the profile's <c>retry_mode</c>, else
    /// <see cref="RetryMode.Standard"/>. Every mode currently behaves as <see cref="RetryMode.Standard"/>; see
    /// <see cref="RetryMode"/>.
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

    /// <summary>The profile key read when <see cref="MaxAttempts"/> is null and <c>AWS_MAX_ATTEMPTS</c> is not set.</summary>
    internal const string MaxAttemptsProfileKey = "max_attempts";

    /// <summary>The profile key read when <see cref="Mode"/> is null and <c>AWS_RETRY_MODE</c> is not set.</summary>
    internal const string ModeProfileKey = "retry_mode";

    private const string MaxAttemptsExpected = "a whole number of at least 1 (1 means no retries)";
    private const string ModeExpected = "standard, adaptive or legacy";

    /// <summary>
    /// Combines the settings, the environment, the selected profile of the shared config file and the defaults, validating
    /// each. The config file is read only when a setting is found neither in code nor in the environment; a config file
    /// that exists but cannot be read is treated as absent here (the credentials chain reports it when it needs the file).
    /// </summary>
    /// <param name="environment">Where variables and the shared config file are read (the client's <c>AwsEnvironment</c>).</param>
    /// <exception cref="ArgumentException">A setting made in code is out of range.</exception>
    /// <exception cref="InvalidOperationException">An environment variable or a profile key holds a value that cannot be used.</exception>
    internal RetrySettings Resolve(AwsEnvironment environment)
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
        ArgumentNullException.ThrowIfNull(environment);
        var profile = new ProfileSettings(environment);
        return new RetrySettings(
            MaxAttempts ?? ReadMaxAttempts(environment) ?? profile.ReadMaxAttempts() ?? RetryPolicy.DefaultMaxAttempts,
            Mode ?? ReadMode(environment) ?? profile.ReadMode() ?? RetryMode.Standard,
            Use2026Behavior ?? ReadUse2026(environment) ?? false,
            MaxBackoff ?? RetryPolicy.DefaultMaxBackoff,
            BaseDelay,
            NextJitter);
    }

    private static int? ReadMaxAttempts(AwsEnvironment environment) => environment.Get(MaxAttemptsVariable) is { } text
        ? ParseMaxAttempts(text) ?? throw InvalidVariable(MaxAttemptsVariable, text, MaxAttemptsExpected)
        : null;

    private static RetryMode? ReadMode(AwsEnvironment environment) => environment.Get(ModeVariable) is { } text
        ? ParseMode(text) ?? throw InvalidVariable(ModeVariable, text, ModeExpected)
        : null;

    private static bool? ReadUse2026(AwsEnvironment environment) => environment.Get(NewRetries2026Variable) is { } text
        ? text.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw InvalidVariable(NewRetries2026Variable, text, "true or false"),
        }
        : null;

    private static int? ParseMaxAttempts(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 ? value : null;

    private static RetryMode? ParseMode(string text) => text.ToLowerInvariant() switch
    {
        "standard" => RetryMode.Standard,
        "adaptive" => RetryMode.Adaptive,
        "legacy" => RetryMode.Legacy,
        _ => null,
    };

    private static InvalidOperationException InvalidVariable(string name, string text, string expected) =>
        new($"The environment variable {name} is '{text}': it must be {expected}.");

    /// <summary>The retry keys of the selected profile in the shared config file, read at most once and only when asked.</summary>
    private sealed class ProfileSettings(AwsEnvironment environment)
    {
        private bool _loaded;
        private string? _path;
        private string _profile = SharedConfigFiles.DefaultProfileName;
        private IReadOnlyDictionary<string, string>? _properties;

        public int? ReadMaxAttempts() => Get(MaxAttemptsProfileKey) is { } text
            ? ParseMaxAttempts(text) ?? throw Invalid(MaxAttemptsProfileKey, text, MaxAttemptsExpected)
            : null;

        public RetryMode? ReadMode() => Get(ModeProfileKey) is { } text
            ? ParseMode(text) ?? throw Invalid(ModeProfileKey, text, ModeExpected)
            : null;

        private string? Get(string key)
        {
            Load();
            return _properties is not null && _properties.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
                ? value.Trim()
                : null;
        }

        private void Load()
        {
            if (_loaded)
            {
                return;
            }

            _loaded = true;
            var files = new SharedConfigFiles(environment);
            _profile = files.SelectedProfileName ?? SharedConfigFiles.DefaultProfileName;
            try
            {
                var (path, profiles) = files.LoadConfigFile();
                _path = path;
                _properties = profiles is not null && profiles.TryGetValue(_profile, out var properties) ? properties : null;
            }
            catch (AwsCredentialsException)
            {
                // Unreadable: treated as absent, like the region does; the credentials chain reports it if it needs the file.
            }
        }

        private InvalidOperationException Invalid(string key, string text, string expected) =>
            new($"The shared config file {_path} sets {key} = '{text}' in profile '{_profile}': it must be {expected}.");
    }
}
