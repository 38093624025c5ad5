using System;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Assumes an IAM role with STS <c>AssumeRole</c>, signing the call (SigV4) with the credentials of a source provider.
/// Profiles with <c>role_arn</c> use it; it can also be built in code. The result is temporary; wrap it in a
/// <see cref="CachingCredentialsProvider"/> to avoid an STS call per request.
/// </summary>
public sealed class AssumeRoleCredentialsProvider : IAwsCredentialsProvider
{
    private readonly IAwsCredentialsProvider _source;
    private readonly AwsEnvironment _environment;
    private readonly StsClient _sts;

    /// <summary>Creates the provider.</summary>
    /// <param name="roleArn">The role to assume.</param>
    /// <param name="source">The credentials that sign the <c>AssumeRole</c> call.</param>
    /// <param name="environment">Where the STS region, endpoint, HTTP handler and clock come from; the process environment when null.</param>
    public AssumeRoleCredentialsProvider(string roleArn, IAwsCredentialsProvider source, AwsEnvironment? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleArn);
        ArgumentNullException.ThrowIfNull(source);
        RoleArn = roleArn;
        _source = source;
        _environment = environment ?? AwsEnvironment.System;
        _sts = new StsClient(_environment);
    }

    /// <summary>The role to assume.</summary>
    public string RoleArn { get; }

    /// <summary>The role session name; a generated <c>neptune-codegen-…</c> name when null.</summary>
    public string? SessionName { get; init; }

    /// <summary>The external id the role's trust policy requires, if any.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The requested session length in seconds; the STS default (one hour) when null.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>The region whose STS endpoint is called; resolved like the client region (else us-east-1) when null.</summary>
    public string? Region { get; init; }

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">The source had no credentials or STS refused.</exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var source = await _source.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return await _sts.AssumeRoleAsync(
            RoleArn,
            SessionName ?? WebIdentityCredentialsProvider.DefaultSessionName(_environment),
            source,
            ExternalId,
            DurationSeconds,
            Region,
            cancellationToken).ConfigureAwait(false);
    }
}
