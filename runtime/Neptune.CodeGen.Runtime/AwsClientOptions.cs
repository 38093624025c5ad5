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

    /// <summary>The AWS region used in the signature scope, for example <c>us-east-1</c>. Required.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The credentials to sign with: an <see cref="AwsCredentials"/> instance or any provider.
    /// When null, the standard environment variables (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
    /// <c>AWS_SESSION_TOKEN</c>) are read before each request.
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

        if (string.IsNullOrWhiteSpace(Region))
        {
            throw new ArgumentException("Region is required: set it to the AWS region of the endpoint, for example us-east-1.", nameof(Region));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
