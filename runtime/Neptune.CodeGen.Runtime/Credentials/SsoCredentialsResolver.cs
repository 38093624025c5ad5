using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Turns an SSO profile into role credentials, as the AWS SDKs do after <c>aws sso login</c>:
/// <list type="number">
/// <item>read the cached token (<see cref="SsoTokenCache"/>);</item>
/// <item>when it expires within <see cref="RefreshWindow"/> and belongs to an <c>sso_session</c> with a refresh token and a
/// client registration that has not expired, refresh it with SSO OIDC and write it back to the cache file; a failed refresh
/// keeps using the cached token while it is valid, and is not tried again for <see cref="RefreshCooldown"/>;</item>
/// <item>an expired token that cannot be refreshed is an error telling the user to run <c>aws sso login --profile NAME</c>;</item>
/// <item>exchange the token with the portal's <c>GetRoleCredentials</c> for temporary credentials (the caller caches them,
/// see <see cref="CachingCredentialsProvider"/>).</item>
/// </list>
/// Thread-safe. Messages never contain a token, a client secret or a key.
/// </summary>
internal sealed class SsoCredentialsResolver
{
    /// <summary>How long before expiry a token is refreshed (the SDKs' value).</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);

    /// <summary>How long after a failed refresh the next one waits, while the cached token is still valid.</summary>
    public static readonly TimeSpan RefreshCooldown = TimeSpan.FromSeconds(30);

    private readonly AwsEnvironment _environment;
    private readonly SsoClient _client;
    private readonly Dictionary<string, DateTimeOffset> _noRefreshUntil = new(StringComparer.Ordinal);

    public SsoCredentialsResolver(AwsEnvironment environment)
    {
        _environment = environment;
        _client = new SsoClient(environment);
    }

    /// <summary>Role credentials for the profile.</summary>
    /// <exception cref="AwsCredentialsException">No usable token, or the portal refused.</exception>
    public async Task<AwsCredentials> GetCredentialsAsync(SsoProfile profile, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(profile, cancellationToken).ConfigureAwait(false);
        return await _client.GetRoleCredentialsAsync(profile, token.AccessToken, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cached token, refreshed first when that is due and possible.</summary>
    internal async Task<SsoToken> GetTokenAsync(SsoProfile profile, CancellationToken cancellationToken)
    {
        var path = SsoTokenCache.PathFor(_environment, profile.CacheKey)
            ?? throw new AwsCredentialsException(
                $"{Describe(profile)} needs the token cache in ~/.aws/sso/cache, but no home directory is known (HOME is not set).");
        var token = SsoTokenCache.Read(path)
            ?? throw new AwsCredentialsException(
                $"there is no SSO token for {Describe(profile)} (looked for {path}); run `aws sso login --profile {profile.ProfileName}` to sign in.");

        var now = _environment.TimeProvider.GetUtcNow();
        if (now < token.ExpiresAt - RefreshWindow)
        {
            return token;
        }

        string? refreshFailure = null;
        if (profile.CanRefresh && token.HasRefreshMaterial(now) && !InCooldown(path, now))
        {
            try
            {
                var (accessToken, expiresIn, refreshToken) = await _client.RefreshTokenAsync(
                    profile.Region, token.ClientId!, token.ClientSecret!, token.RefreshToken!, cancellationToken).ConfigureAwait(false);
                return SsoTokenCache.WriteRefreshed(path, token, accessToken, _environment.TimeProvider.GetUtcNow() + expiresIn, refreshToken);
            }
            catch (AwsCredentialsException exception)
            {
                lock (_noRefreshUntil)
                {
                    _noRefreshUntil[path] = now + RefreshCooldown;
                }

                refreshFailure = exception.Message;
            }
        }

        if (now < token.ExpiresAt)
        {
            return token;
        }

        throw new AwsCredentialsException(
            $"the SSO token for {Describe(profile)} expired at {SsoTokenCache.FormatTime(token.ExpiresAt)} ({path})" +
            (refreshFailure is null ? string.Empty : $" and could not be refreshed: {refreshFailure}") +
            $"; run `aws sso login --profile {profile.ProfileName}` to sign in again.");
    }

    private bool InCooldown(string path, DateTimeOffset now)
    {
        lock (_noRefreshUntil)
        {
            return _noRefreshUntil.TryGetValue(path, out var until) && now < until;
        }
    }

    private static string Describe(SsoProfile profile) =>
        profile.SessionName is null
            ? $"profile '{profile.ProfileName}' (start URL {profile.StartUrl})"
            : $"profile '{profile.ProfileName}' (sso-session '{profile.SessionName}')";
}
