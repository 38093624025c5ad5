using System;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime;

/// <summary>
/// Settings shared by every generated client. Each generated service has its own options type deriving from this one
/// (for example <c>NeptuneDataClientOptions</c>), so it can be bound with the options pattern.
/// </summary>
public abstract class AwsClientOptions
{
    /// <summary>
    /// The endpoint to call, for example <c>https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182</c>.
    /// Required. Its path, if any, is kept as a prefix of every operation's path.
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

    /// <summary>Checks that the options can be used to build a client.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public virtual void Validate()
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

        ResolveRegion();
        ArgumentNullException.ThrowIfNull(TimeProvider);
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
    /// Where the region and the default credentials are looked for when not set on the options: the real process
    /// environment and shared files, unless a test substitutes its own.
    /// </summary>
    internal AwsEnvironment AwsEnvironment { get; set; } = AwsEnvironment.System;
}
