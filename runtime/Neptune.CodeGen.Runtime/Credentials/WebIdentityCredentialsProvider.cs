using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Web identity federation (EKS IRSA and similar): reads the OIDC token from the file named by
/// <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> on every call (the platform rotates it) and exchanges it with STS
/// <c>AssumeRoleWithWebIdentity</c> for the role in <c>AWS_ROLE_ARN</c>, with the session name from
/// <c>AWS_ROLE_SESSION_NAME</c> or a generated one. The result is temporary; wrap it in a
/// <see cref="CachingCredentialsProvider"/> (the <see cref="DefaultCredentialsChain"/> does) to avoid a call per request.
/// </summary>
public sealed class WebIdentityCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    /// <summary>The variable naming the file that holds the OIDC token.</summary>
    public const string TokenFileVariable = "AWS_WEB_IDENTITY_TOKEN_FILE";

    /// <summary>The variable holding the ARN of the role to assume.</summary>
    public const string RoleArnVariable = "AWS_ROLE_ARN";

    /// <summary>The variable holding the role session name (optional).</summary>
    public const string SessionNameVariable = "AWS_ROLE_SESSION_NAME";

    private readonly AwsEnvironment _environment;
    private readonly StsClient _sts;

    /// <summary>Creates the provider over the process environment.</summary>
    public WebIdentityCredentialsProvider() : this(AwsEnvironment.System)
    {
    }

    /// <summary>Creates the provider over the given environment.</summary>
    public WebIdentityCredentialsProvider(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _sts = new StsClient(environment);
    }

    string ICredentialsSource.SourceName => Name;

    private static string Name => "web identity";

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await LookupAsync(cancellationToken).ConfigureAwait(false)).GetOrThrow(Name);

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        var tokenFile = _environment.Get(TokenFileVariable);
        if (tokenFile is null)
        {
            return CredentialsLookup.NotFound($"{TokenFileVariable} is not set");
        }

        var roleArn = _environment.Get(RoleArnVariable)
            ?? throw new AwsCredentialsException($"{TokenFileVariable} is set but {RoleArnVariable} is not: web identity needs both.");
        var credentials = await AssumeRoleAsync(_sts, _environment, tokenFile, roleArn, _environment.Get(SessionNameVariable), null, cancellationToken)
            .ConfigureAwait(false);
        return CredentialsLookup.Found(credentials);
    }

    /// <summary>Reads the token file and calls STS (shared with profiles that set <c>web_identity_token_file</c>).</summary>
    internal static async Task<AwsCredentials> AssumeRoleAsync(
        StsClient sts, AwsEnvironment environment, string tokenFile, string roleArn, string? sessionName, string? region, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AwsCredentialsException($"The web identity token file {tokenFile} cannot be read: {exception.Message}", exception);
        }

        if (token.Length == 0)
        {
            throw new AwsCredentialsException($"The web identity token file {tokenFile} is empty.");
        }

        return await sts.AssumeRoleWithWebIdentityAsync(roleArn, sessionName ?? DefaultSessionName(environment), token, region, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A session name for when none is configured: <c>neptune-codegen-</c> and the Unix time in milliseconds.</summary>
    internal static string DefaultSessionName(AwsEnvironment environment) =>
        "neptune-codegen-" + environment.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
