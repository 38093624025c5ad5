using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// The answer of one source in a chain: credentials, or the reason this source is not set up here.
/// A source that is set up but fails throws <see cref="AwsCredentialsException"/> instead, which stops the chain.
/// </summary>
internal readonly record struct CredentialsLookup(AwsCredentials? Credentials, string? NotFoundReason)
{
    public static CredentialsLookup Found(AwsCredentials credentials) => new(credentials, null);

    public static CredentialsLookup NotFound(string reason) => new(null, reason);

    /// <summary>The credentials, or an <see cref="AwsCredentialsException"/> naming the source and the reason.</summary>
    public AwsCredentials GetOrThrow(string sourceName) =>
        Credentials ?? throw new AwsCredentialsException($"No AWS credentials from {sourceName}: {NotFoundReason}");
}

/// <summary>
/// A provider that can tell "not configured here, try the next source" from "configured but broken, stop".
/// The built-in providers implement it; <see cref="DefaultCredentialsChain"/> uses it to decide whether to go on.
/// </summary>
internal interface ICredentialsSource
{
    /// <summary>A short name for messages, such as <c>web identity</c>.</summary>
    string SourceName { get; }

    /// <summary>Looks for credentials.</summary>
    /// <exception cref="AwsCredentialsException">The source is configured but could not supply credentials.</exception>
    ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken);
}
