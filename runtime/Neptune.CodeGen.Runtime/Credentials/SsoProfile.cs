using System;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// The IAM Identity Center (SSO) settings of one profile, checked. Two forms are accepted:
/// <list type="bullet">
/// <item><c>sso_session</c> naming a <c>[sso-session name]</c> section that holds <c>sso_start_url</c> and
/// <c>sso_region</c> (and optionally <c>sso_registration_scopes</c>); its token can be refreshed;</item>
/// <item>the legacy form, <c>sso_start_url</c> and <c>sso_region</c> in the profile itself; its token cannot.</item>
/// </list>
/// Both need <c>sso_account_id</c> and <c>sso_role_name</c>. None of these values is secret.
/// </summary>
internal sealed record SsoProfile(
    string ProfileName,
    string? SessionName,
    string StartUrl,
    string Region,
    string AccountId,
    string RoleName,
    string? RegistrationScopes)
{
    /// <summary>The profile keys whose presence makes a profile an SSO profile (as the AWS SDK for .NET decides it).</summary>
    private static readonly string[] SsoKeys = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "sso_registration_scopes"];

    /// <summary>Whether the token can be refreshed with SSO OIDC: only tokens of an <c>sso_session</c> can.</summary>
    public bool CanRefresh => SessionName is not null;

    /// <summary>What the token cache file name is the SHA-1 of: the session name, or the start URL for legacy profiles.</summary>
    public string CacheKey => SessionName ?? StartUrl;

    /// <summary>Reads the SSO settings of a profile; null when it has none.</summary>
    /// <exception cref="AwsCredentialsException">The settings are incomplete or contradict each other; the message names the key.</exception>
    public static SsoProfile? Read(ProfileSet profiles, string name)
    {
        if (Array.TrueForAll(SsoKeys, key => profiles.Get(name, key) is null))
        {
            return null;
        }

        var accountId = Required(profiles, name, "sso_account_id");
        var roleName = Required(profiles, name, "sso_role_name");
        var profileStartUrl = profiles.Get(name, "sso_start_url");
        var profileRegion = profiles.Get(name, "sso_region");

        if (profiles.Get(name, "sso_session") is not { } session)
        {
            var legacyStartUrl = profileStartUrl ?? throw Missing(name, "sso_start_url", "needs sso_session, or sso_start_url and sso_region");
            var legacyRegion = profileRegion ?? throw Missing(name, "sso_region", "needs sso_session, or sso_start_url and sso_region");
            return new SsoProfile(name, null, legacyStartUrl, legacyRegion, accountId, roleName, profiles.Get(name, "sso_registration_scopes"));
        }

        if (!profiles.HasSsoSession(session))
        {
            throw new AwsCredentialsException(
                $"profile '{name}' has sso_session = {session}, but the config file has no [sso-session {session}] section.");
        }

        var startUrl = profiles.GetSsoSession(session, "sso_start_url")
            ?? throw new AwsCredentialsException($"the [sso-session {session}] section used by profile '{name}' is missing sso_start_url.");
        var region = profiles.GetSsoSession(session, "sso_region")
            ?? throw new AwsCredentialsException($"the [sso-session {session}] section used by profile '{name}' is missing sso_region.");

        // A profile may repeat the session's values (older tools wrote both), but must not contradict them.
        Agree(name, session, "sso_start_url", profileStartUrl, startUrl);
        Agree(name, session, "sso_region", profileRegion, region);
        return new SsoProfile(name, session, startUrl, region, accountId, roleName, profiles.GetSsoSession(session, "sso_registration_scopes"));
    }

    /// <summary>Describes the settings (nothing here is secret).</summary>
    public override string ToString() =>
        $"SSO profile '{ProfileName}' ({(SessionName is null ? "legacy, start URL " + StartUrl : "sso-session " + SessionName)}, " +
        $"account {AccountId}, role {RoleName}, region {Region})";

    private static string Required(ProfileSet profiles, string name, string key) =>
        profiles.Get(name, key) ?? throw Missing(name, key, "is an SSO profile and needs sso_account_id and sso_role_name");

    private static AwsCredentialsException Missing(string name, string key, string why) =>
        new($"profile '{name}' is missing {key}: it {why}.");

    private static void Agree(string name, string session, string key, string? inProfile, string inSession)
    {
        if (inProfile is not null && !string.Equals(inProfile, inSession, StringComparison.Ordinal))
        {
            throw new AwsCredentialsException(
                $"profile '{name}' has {key} = {inProfile}, but its [sso-session {session}] section has {key} = {inSession}; remove it from the profile or make them the same.");
        }
    }
}
