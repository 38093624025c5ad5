using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Diagnostics;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Retries;

namespace Neptune.CodeGen.Runtime;

/// <summary>
/// Settings shared by every generated client. Each generated service has its own options type deriving from this one
/// (for example <c>NeptuneDataClientOptions</c>), so it can be bound with the options pattern.
/// </summary>
public abstract class AwsClientOptions
{
    /// <summary>
    /// The endpoint to call, for example <c>https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182</c>.
    /// Required: an absolute http or https URL of scheme, host and optional port only. A path (other than <c>/</c>), a
    /// query, a fragment or user info is refused by validation: each operation's path is the whole path, and user info
    /// would be sent in no signature but could end up in logs.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The AWS region used in the signature scope, for example <c>us-east-1</c>. When null or blank, it is found by
    /// <see cref="RegionResolver"/>: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then the <c>region</c> of the
    /// selected profile (<c>AWS_PROFILE</c>, else <c>default</c>) in the shared config files; see <see cref="ResolveRegion"/>.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// The credentials to sign with: an <see cref="AwsCredentials"/> instance or any provider.
    /// When null, the <see cref="DefaultCredentialsChain"/> is used: environment variables (<c>AWS_ACCESS_KEY_ID</c>,
    /// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), then web identity, the shared profile, the container
    /// endpoint and EC2 instance metadata, with temporary credentials cached and refreshed ahead of expiry.
    /// </summary>
    public IAwsCredentialsProvider? Credentials { get; set; }

    /// <summary>
    /// The source of the signing time. Tests set a fixed clock; production code leaves the system clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How failed calls are retried: by default the AWS "standard" mode with 3 attempts. Settings left null are read from
    /// <c>AWS_MAX_ATTEMPTS</c>, <c>AWS_RETRY_MODE</c> and <c>AWS_NEW_RETRIES_2026</c>, then from the <c>max_attempts</c> and
    /// <c>retry_mode</c> keys of the selected profile in the shared config file; see <see cref="RetryOptions"/>.
    /// </summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// How long one attempt (sending the request and reading the whole response) may take before it is abandoned and,
    /// if attempts remain, retried. Default 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// When you pass your own <see cref="System.Net.Http.HttpClient"/>, its <see cref="System.Net.Http.HttpClient.Timeout"/>
    /// (100 seconds unless changed) applies to every attempt too, until the response headers have arrived.
    /// </summary>
    /// <remarks>A call that runs out of time throws <see cref="AwsTimeoutException"/>.</remarks>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a whole call, every attempt and wait between them included, may take. Default 100 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    /// <remarks>A call that runs out of time throws <see cref="AwsTimeoutException"/>.</remarks>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The default of <see cref="MaxResponseBufferSize"/>: 64 MiB.</summary>
    public const int DefaultMaxResponseBufferSize = 64 * 1024 * 1024;

    /// <summary>
    /// The most bytes of one response body the client reads into memory, success or error. Default
    /// <see cref="DefaultMaxResponseBufferSize"/> (64 MiB); at most <see cref="Array.MaxLength"/>. A body that is
    /// larger (by its <c>Content-Length</c>, or once that many bytes have arrived) ends the call with an
    /// <see cref="AwsResponseTooLargeException"/> that keeps the status code, request id and the start of the body; it is
    /// not retried. So one call never holds more than this much response in memory, whatever the server sends.
    /// </summary>
    public int MaxResponseBufferSize { get; set; } = DefaultMaxResponseBufferSize;

    /// <summary>
    /// Where the client logs attempts (Debug), retries (Information), failures and clock-skew corrections (Warning),
    /// under the category <see cref="Telemetry.LoggerCategory"/>. Null (the default) logs nothing. Credentials,
    /// signatures, header values, query values and bodies are never logged.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Checks that the options can be used to build a client.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    /// <exception cref="InvalidOperationException">A retry environment variable (<c>AWS_MAX_ATTEMPTS</c>, <c>AWS_RETRY_MODE</c>,
    /// <c>AWS_NEW_RETRIES_2026</c>) or profile key (<c>max_attempts</c>, <c>retry_mode</c>) holds a value that cannot be used.</exception>
    public void Validate() => _ = Resolve();

    /// <summary>
    /// Validates the options and returns what a client uses from them: the region and retry settings, resolved from the
    /// options, the environment and the shared files. The client calls this once, so those are read once.
    /// </summary>
    internal ResolvedSettings Resolve()
    {
        if (Endpoint is null)
        {
            throw new ArgumentException("Endpoint is required: set it to the cluster URL, for example https://my-cluster:8182.", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Endpoint must be an absolute http or https URL; got '{Endpoint}'.", nameof(Endpoint));
        }

        if (!string.IsNullOrEmpty(Endpoint.Query) || !string.IsNullOrEmpty(Endpoint.Fragment))
        {
            throw new ArgumentException($"Endpoint must not have a query or fragment; got '{Endpoint}'.", nameof(Endpoint));
        }

        if (!string.IsNullOrEmpty(Endpoint.UserInfo))
        {
            // Not echoed: user info may hold a password.
            throw new ArgumentException(
                $"Endpoint must not carry user info (user:password@); got an endpoint for host '{Endpoint.Host}'. Use Credentials to authenticate.",
                nameof(Endpoint));
        }

        if (Endpoint.AbsolutePath != "/")
        {
            throw new ArgumentException(
                $"Endpoint must not have a path; got '{Endpoint.AbsolutePath}' in '{Endpoint}'. Set only the scheme, host and port, for example https://my-cluster:8182.",
                nameof(Endpoint));
        }

        var region = ResolveRegion();
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ValidateTimeout(AttemptTimeout, nameof(AttemptTimeout));
        ValidateTimeout(OperationTimeout, nameof(OperationTimeout));
        if (MaxResponseBufferSize <= 0 || MaxResponseBufferSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBufferSize), MaxResponseBufferSize,
                $"{nameof(MaxResponseBufferSize)} must be from 1 to {Array.MaxLength} bytes.");
        }
        if (Retry is null)
        {
            throw new ArgumentNullException(nameof(Retry), "Retry must not be null; set MaxAttempts = 1 to turn retries off.");
        }

        return new ResolvedSettings(region, Retry.Resolve(AwsEnvironment));
    }

    /// <summary>The settings a client uses that <see cref="Resolve"/> works out from the options, the environment and the shared files.</summary>
    internal sealed record ResolvedSettings(string Region, RetrySettings Retry);

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        // The upper bound is what a timer accepts (about 24.8 days).
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most 24 days, or Timeout.InfiniteTimeSpan for none.");
        }
    }

    /// <summary>
    /// Returns <see cref="Region"/> when set, else the region from <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c> or the
    /// profile's <c>region</c> (see <see cref="RegionResolver"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No region is set anywhere; the message lists every place looked at.</exception>
    public string ResolveRegion() =>
        new RegionResolver(AwsEnvironment).TryResolve(Region, out var region, out var failure)
            ? region
            : throw new ArgumentException(failure, nameof(Region));

    /// <summary>
    /// Where the region, the default credentials and the retry settings are looked for when not set on the options: the
    /// real process environment and shared files, unless a test substitutes its own.
    /// </summary>
    internal AwsEnvironment AwsEnvironment { get; set; } = AwsEnvironment.System;

    /// <summary>
    /// Whether the client leaves signing to its <see cref="System.Net.Http.HttpClient"/>: the pipeline then attaches what
    /// to sign with to each request, and the signing handler that the generated <c>AddXxxClient</c> method puts into the
    /// primary handler signs it, every time it is sent (so an outer resilience handler that resends the request re-signs
    /// it). Set only on the private copy of the options that the dependency-injection registration builds.
    /// </summary>
    internal bool SignInHttpMessageHandler { get; set; }

    /// <summary>Copies every setting of this base class (not those a derived class adds) onto <paramref name="target"/>.</summary>
    internal void CopyTo(AwsClientOptions target)
    {
        target.Endpoint = Endpoint;
        target.Region = Region;
        target.Credentials = Credentials;
        target.TimeProvider = TimeProvider;
        target.Retry = Retry;
        target.AttemptTimeout = AttemptTimeout;
        target.OperationTimeout = OperationTimeout;
        target.MaxResponseBufferSize = MaxResponseBufferSize;
        target.LoggerFactory = LoggerFactory;
        target.AwsEnvironment = AwsEnvironment;
        target.SignInHttpMessageHandler = SignInHttpMessageHandler;
    }
}
