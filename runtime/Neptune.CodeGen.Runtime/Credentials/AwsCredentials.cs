using System;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// An AWS access key pair, with an optional session token for temporary credentials.
/// An instance is also a provider that always returns itself, so it can be assigned wherever a provider is expected.
/// </summary>
public sealed class AwsCredentials : IAwsCredentialsProvider
{
    /// <summary>Creates credentials from an access key id, a secret access key and an optional session token.</summary>
    /// <exception cref="ArgumentException">The access key id or the secret access key is null or empty.</exception>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null, DateTimeOffset? expiration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrWhiteSpace(sessionToken) ? null : sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key id (not secret; it appears in the <c>Authorization</c> header).</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key. Never logged and never part of <see cref="ToString"/>.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, or null.</summary>
    public string? SessionToken { get; }

    /// <summary>When temporary credentials stop being valid, or null when they do not expire.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(this);

    /// <summary>Describes the credentials without revealing the secret key or the session token.</summary>
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}
