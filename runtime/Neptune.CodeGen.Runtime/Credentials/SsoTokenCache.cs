using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// An SSO access token as <c>aws sso login</c> caches it. Holds secrets (<see cref="AccessToken"/>,
/// <see cref="RefreshToken"/>, <see cref="ClientSecret"/>); <see cref="ToString"/> never shows them.
/// </summary>
internal sealed class SsoToken
{
    public SsoToken(JsonObject document, string accessToken, DateTimeOffset expiresAt)
    {
        Document = document;
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
    }

    /// <summary>The whole cached document, so a rewrite keeps members this runtime does not use.</summary>
    public JsonObject Document { get; }

    public string AccessToken { get; }

    public DateTimeOffset ExpiresAt { get; }

    public string? RefreshToken { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public DateTimeOffset? RegistrationExpiresAt { get; init; }

    /// <summary>Whether the refresh-token grant can be used: a refresh token and a client registration that has not expired.</summary>
    public bool HasRefreshMaterial(DateTimeOffset now) =>
        RefreshToken is not null && ClientId is not null && ClientSecret is not null && !(RegistrationExpiresAt <= now);

    public override string ToString() => $"SsoToken {{ AccessToken = ***, ExpiresAt = {ExpiresAt:O}, RefreshToken = {(RefreshToken is null ? "none" : "***")} }}";
}

/// <summary>
/// The token cache of the AWS CLI: <c>~/.aws/sso/cache/{sha1-hex}.json</c>, where the hash is of the <c>sso_session</c>
/// name (or of the start URL for legacy profiles). Reads the JSON the CLI writes (<c>accessToken</c>, <c>expiresAt</c>,
/// <c>refreshToken</c>, <c>clientId</c>, <c>clientSecret</c>, <c>registrationExpiresAt</c>, <c>region</c>,
/// <c>startUrl</c>) and writes a refreshed token back atomically (a temporary file in the same folder, then a rename),
/// readable by the user only. Messages name the file and the member, never a value.
/// </summary>
internal static class SsoTokenCache
{
    /// <summary>The cache file for a key, or null when no home directory is known.</summary>
    public static string? PathFor(AwsEnvironment environment, string cacheKey)
    {
        var home = environment.ResolveHomeDirectory();
        if (home is null)
        {
            return null;
        }

        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey)));
        return Path.Join(home, ".aws", "sso", "cache", hash + ".json");
    }

    /// <summary>Reads a cached token; null when the file does not exist.</summary>
    /// <exception cref="AwsCredentialsException">The file cannot be read, is not JSON, or lacks <c>accessToken</c> or <c>expiresAt</c>.</exception>
    public static SsoToken? Read(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AwsCredentialsException($"the SSO token cache file {path} cannot be read: {exception.Message}", exception);
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(text) as JsonObject
                ?? throw new AwsCredentialsException($"the SSO token cache file {path} is not a JSON object.");
        }
        catch (JsonException)
        {
            // The parser's message can quote the token, so it is not passed on.
            throw new AwsCredentialsException($"the SSO token cache file {path} is not valid JSON.");
        }

        var accessToken = GetString(document, "accessToken")
            ?? throw new AwsCredentialsException($"the SSO token cache file {path} has no \"accessToken\".");
        var expiresAt = ParseTime(GetString(document, "expiresAt"))
            ?? throw new AwsCredentialsException($"the SSO token cache file {path} has no readable \"expiresAt\" time.");
        return new SsoToken(document, accessToken, expiresAt)
        {
            RefreshToken = GetString(document, "refreshToken"),
            ClientId = GetString(document, "clientId"),
            ClientSecret = GetString(document, "clientSecret"),
            RegistrationExpiresAt = ParseTime(GetString(document, "registrationExpiresAt")),
        };
    }

    /// <summary>
    /// Returns the token after a refresh (the new access token, expiry and, if one was issued, refresh token) and writes it
    /// to the cache file: a temporary file in the same folder, then a rename over the old file, so a reader (the CLI, another
    /// process) sees either the old or the new file, never half of one.
    /// </summary>
    /// <returns>The refreshed token; it is returned even when the file could not be written, as it is valid all the same.</returns>
    public static SsoToken WriteRefreshed(string path, SsoToken old, string accessToken, DateTimeOffset expiresAt, string? refreshToken)
    {
        var document = (JsonObject)old.Document.DeepClone();
        document["accessToken"] = accessToken;
        document["expiresAt"] = FormatTime(expiresAt);
        if (refreshToken is not null)
        {
            document["refreshToken"] = refreshToken;
        }

        var token = new SsoToken(document, accessToken, expiresAt)
        {
            RefreshToken = refreshToken ?? old.RefreshToken,
            ClientId = old.ClientId,
            ClientSecret = old.ClientSecret,
            RegistrationExpiresAt = old.RegistrationExpiresAt,
        };

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                document.WriteTo(writer);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // This process goes on with the new token; the file keeps the old one, which the next refresh replaces.
            TryDelete(temporary);
        }

        return token;
    }

    /// <summary>The time format the AWS CLI writes: <c>2024-01-02T03:04:05Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 time; also the <c>2019-11-14T04:05:45UTC</c> form older CLI versions wrote. Null when absent or unreadable.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.EndsWith("UTC", StringComparison.Ordinal))
        {
            text = text[..^3] + "Z";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    private static string? GetString(JsonObject document, string name) =>
        document.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
