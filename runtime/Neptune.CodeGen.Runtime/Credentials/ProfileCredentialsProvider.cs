using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Credentials from a profile of the shared config and credentials files (see <see cref="AwsEnvironment"/> for where they
/// are). The profile is the one given to the constructor, else <c>AWS_PROFILE</c>, else <c>default</c>. In the profile:
/// <list type="number">
/// <item>any <c>sso_*</c> setting makes it an IAM Identity Center (SSO) profile, resolved only that way (as the AWS SDK for
/// .NET does): <c>sso_session</c> (with its <c>[sso-session name]</c> section) or <c>sso_start_url</c> + <c>sso_region</c>,
/// and <c>sso_account_id</c> + <c>sso_role_name</c>; the token that <c>aws sso login</c> cached is refreshed if due and
/// exchanged with the SSO portal for role credentials;</item>
/// <item><c>role_arn</c> assumes that role with STS, the calling credentials coming from exactly one of
/// <c>source_profile</c> (resolved the same way; a source profile's static keys win over its own <c>role_arn</c>, and a
/// profile may name itself to use its own keys), <c>credential_source</c> (<c>Environment</c>, <c>Ec2InstanceMetadata</c>,
/// <c>EcsContainer</c>) or <c>web_identity_token_file</c>; <c>role_session_name</c>, <c>external_id</c> and
/// <c>duration_seconds</c> are honoured, and source-profile cycles are an error;</item>
/// <item>else <c>aws_access_key_id</c> + <c>aws_secret_access_key</c> (+ <c>aws_session_token</c>);</item>
/// <item>else <c>credential_process</c> (see <see cref="ProcessCredentialsProvider"/>).</item>
/// </list>
/// A profile selected explicitly (constructor or <c>AWS_PROFILE</c>) that does not exist is an error; so is any profile that
/// has credential settings that fail. The implicit <c>default</c> profile being absent, or any profile having no credential
/// settings at all (only <c>region</c>, say), only means "not found here", so a chain goes on.
/// </summary>
public sealed class ProfileCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    private readonly string? _profileName;
    private readonly AwsEnvironment _environment;
    private readonly SharedConfigFiles _files;
    private readonly StsClient _sts;
    private readonly SsoCredentialsResolver _sso;

    /// <summary>Creates a provider for <c>AWS_PROFILE</c> (else <c>default</c>) over the process environment.</summary>
    public ProfileCredentialsProvider() : this(null, null)
    {
    }

    /// <summary>Creates a provider.</summary>
    /// <param name="profileName">The profile to use; when null, <c>AWS_PROFILE</c>, else <c>default</c>.</param>
    /// <param name="environment">Where files, variables, HTTP and the clock come from; the process environment when null.</param>
    public ProfileCredentialsProvider(string? profileName, AwsEnvironment? environment = null)
    {
        _profileName = string.IsNullOrWhiteSpace(profileName) ? null : profileName.Trim();
        _environment = environment ?? AwsEnvironment.System;
        _files = new SharedConfigFiles(_environment);
        _sts = new StsClient(_environment);
        _sso = new SsoCredentialsResolver(_environment);
    }

    string ICredentialsSource.SourceName => "profile";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">The profile is missing, has no credentials, or its credentials failed.</exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await LookupAsync(cancellationToken).ConfigureAwait(false)).GetOrThrow("profile");

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        var selected = _profileName ?? _files.SelectedProfileName;
        var name = selected ?? SharedConfigFiles.DefaultProfileName;
        var how = _profileName is not null ? "given in code" : selected is not null ? $"selected by {SharedConfigFiles.ProfileVariable}" : "the default";
        var profiles = _files.Load();
        if (!profiles.Profiles.ContainsKey(name))
        {
            var missing = $"profile '{name}' ({how}) was not found ({profiles.DescribeFiles()})";
            return selected is null
                ? CredentialsLookup.NotFound(missing)
                : throw new AwsCredentialsException($"The AWS {missing}; the credential search stops here rather than use other credentials.");
        }

        AwsCredentials? credentials;
        try
        {
            credentials = await ResolveAsync(profiles, name, new List<string>(), isSource: false, Region(profiles, name), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCredentialsException exception)
        {
            throw new AwsCredentialsException($"The AWS profile '{name}' ({how}; {profiles.DescribeFiles()}) could not supply credentials: {exception.Message}", exception);
        }

        return credentials is null
            ? CredentialsLookup.NotFound($"profile '{name}' has no credential settings ({profiles.DescribeFiles()})")
            : CredentialsLookup.Found(credentials);
    }

    /// <summary>Resolves one profile; null when it has no credential settings.</summary>
    private async Task<AwsCredentials?> ResolveAsync(
        ProfileSet profiles, string name, List<string> visited, bool isSource, string region, CancellationToken cancellationToken)
    {
        visited.Add(name);
        if (SsoProfile.Read(profiles, name) is { } sso)
        {
            return await _sso.GetCredentialsAsync(sso, cancellationToken).ConfigureAwait(false);
        }

        var staticCredentials = StaticCredentials(profiles, name);
        if (isSource && staticCredentials is not null)
        {
            return staticCredentials;
        }

        if (profiles.Get(name, "role_arn") is { } roleArn)
        {
            var source = await RoleSourceAsync(profiles, name, roleArn, staticCredentials, visited, region, cancellationToken).ConfigureAwait(false);
            if (source.WebIdentityTokenFile is { } tokenFile)
            {
                return await WebIdentityCredentialsProvider.AssumeRoleAsync(
                    _sts, _environment, tokenFile, roleArn, profiles.Get(name, "role_session_name"), region, cancellationToken).ConfigureAwait(false);
            }

            return await _sts.AssumeRoleAsync(
                roleArn,
                profiles.Get(name, "role_session_name") ?? WebIdentityCredentialsProvider.DefaultSessionName(_environment),
                source.Credentials!,
                profiles.Get(name, "external_id"),
                DurationSeconds(profiles, name),
                region,
                cancellationToken).ConfigureAwait(false);
        }

        if (staticCredentials is not null)
        {
            return staticCredentials;
        }

        if (profiles.Get(name, "credential_process") is { } command)
        {
            return await new ProcessCredentialsProvider(command, $"credential_process of profile '{name}'", timeout: null)
                .GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Finds what signs the AssumeRole call of a <c>role_arn</c> profile.</summary>
    private async Task<(AwsCredentials? Credentials, string? WebIdentityTokenFile)> RoleSourceAsync(
        ProfileSet profiles, string name, string roleArn, AwsCredentials? ownKeys, List<string> visited, string region, CancellationToken cancellationToken)
    {
        var sourceProfile = profiles.Get(name, "source_profile");
        var credentialSource = profiles.Get(name, "credential_source");
        var tokenFile = profiles.Get(name, "web_identity_token_file");
        var count = (sourceProfile is null ? 0 : 1) + (credentialSource is null ? 0 : 1) + (tokenFile is null ? 0 : 1);
        if (count != 1)
        {
            throw new AwsCredentialsException(
                $"profile '{name}' has role_arn {roleArn} and needs exactly one of source_profile, credential_source or web_identity_token_file (it has {count}).");
        }

        if (tokenFile is not null)
        {
            return (null, tokenFile);
        }

        if (credentialSource is not null)
        {
            return (await CredentialSourceAsync(name, credentialSource, cancellationToken).ConfigureAwait(false), null);
        }

        if (sourceProfile == name)
        {
            return ownKeys is not null
                ? (ownKeys, null)
                : throw new AwsCredentialsException($"profile '{name}' names itself as source_profile but has no aws_access_key_id and aws_secret_access_key.");
        }

        if (visited.Contains(sourceProfile!))
        {
            throw new AwsCredentialsException($"source_profile cycle: {string.Join(" -> ", visited)} -> {sourceProfile}.");
        }

        if (!profiles.Profiles.ContainsKey(sourceProfile!))
        {
            throw new AwsCredentialsException($"the source_profile '{sourceProfile}' of profile '{name}' does not exist.");
        }

        var credentials = await ResolveAsync(profiles, sourceProfile!, visited, isSource: true, region, cancellationToken).ConfigureAwait(false);
        return credentials is not null
            ? (credentials, null)
            : throw new AwsCredentialsException($"the source_profile '{sourceProfile}' of profile '{name}' has no credential settings.");
    }

    private async Task<AwsCredentials> CredentialSourceAsync(string name, string credentialSource, CancellationToken cancellationToken)
    {
        IAwsCredentialsProvider provider = credentialSource switch
        {
            "Environment" => new EnvironmentCredentialsProvider(_environment.GetVariable),
            "Ec2InstanceMetadata" => new InstanceMetadataCredentialsProvider(_environment),
            "EcsContainer" => new ContainerCredentialsProvider(_environment),
            _ => throw new AwsCredentialsException(
                $"profile '{name}' has credential_source '{credentialSource}'; expected Environment, Ec2InstanceMetadata or EcsContainer."),
        };
        return await provider.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AwsCredentials? StaticCredentials(ProfileSet profiles, string name)
    {
        var accessKeyId = profiles.Get(name, "aws_access_key_id");
        var secretAccessKey = profiles.Get(name, "aws_secret_access_key");
        if (accessKeyId is null && secretAccessKey is null)
        {
            return null;
        }

        if (accessKeyId is null || secretAccessKey is null)
        {
            var missing = accessKeyId is null ? "aws_access_key_id" : "aws_secret_access_key";
            throw new AwsCredentialsException($"profile '{name}' has only one of aws_access_key_id and aws_secret_access_key ({missing} is missing).");
        }

        return new AwsCredentials(accessKeyId, secretAccessKey, profiles.Get(name, "aws_session_token"));
    }

    private static int? DurationSeconds(ProfileSet profiles, string name)
    {
        var text = profiles.Get(name, "duration_seconds");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new AwsCredentialsException($"profile '{name}' has duration_seconds '{text}', which is not a whole number.");
    }

    // STS is called in the configured region: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1.
    private string Region(ProfileSet profiles, string name) =>
        _environment.Get(RegionResolver.RegionVariable)
        ?? _environment.Get(RegionResolver.DefaultRegionVariable)
        ?? profiles.Get(name, "region")
        ?? StsClient.FallbackRegion;
}
