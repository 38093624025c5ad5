using System;
using System.Globalization;
using System.Text.Json;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Reads the JSON credential documents of <c>credential_process</c>, the container endpoint and instance metadata.
/// Error messages name the problem, never a value: the documents hold secrets.
/// </summary>
internal static class CredentialsJson
{
    /// <summary>Parses a credentials document.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Who sent it, for messages (for example <c>the container credentials endpoint</c>).</param>
    /// <param name="tokenProperty">The name of the session-token member: <c>Token</c> or <c>SessionToken</c>.</param>
    /// <param name="requireVersion1">Whether <c>"Version": 1</c> is required (credential_process).</param>
    /// <exception cref="AwsCredentialsException">The document is not valid JSON or lacks a key.</exception>
    public static AwsCredentials Parse(string json, string source, string tokenProperty, bool requireVersion1 = false)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // The parser's message can quote part of the document, so it is not passed on.
            throw new AwsCredentialsException($"The credentials from {source} are not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AwsCredentialsException($"The credentials from {source} are not a JSON object.");
            }

            if (requireVersion1 && !(root.TryGetProperty("Version", out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out var number) && number == 1))
            {
                throw new AwsCredentialsException($"The credentials from {source} must have \"Version\": 1.");
            }

            if (root.TryGetProperty("Code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() != "Success")
            {
                throw new AwsCredentialsException($"The credentials from {source} have Code '{Shorten(code.GetString())}' instead of 'Success'.");
            }

            var accessKeyId = GetString(root, "AccessKeyId", source, required: true)!;
            var secretAccessKey = GetString(root, "SecretAccessKey", source, required: true)!;
            var sessionToken = GetString(root, tokenProperty, source, required: false);
            var expirationText = GetString(root, "Expiration", source, required: false);
            return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, ParseExpiration(expirationText, source));
        }
    }

    /// <summary>Parses an ISO 8601 / RFC 3339 time, or returns null for null.</summary>
    /// <exception cref="AwsCredentialsException">The text is not a time.</exception>
    public static DateTimeOffset? ParseExpiration(string? text, string source)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiration))
        {
            return expiration;
        }

        throw new AwsCredentialsException($"The credentials from {source} have an Expiration that is not an ISO 8601 time: '{Shorten(text)}'.");
    }

    /// <summary>A member's value when it is a string that is not blank, else null.</summary>
    public static string? NonBlankString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;

    private static string? GetString(JsonElement root, string name, string source, bool required)
    {
        if (NonBlankString(root, name) is { } text)
        {
            return text;
        }

        if (required)
        {
            throw new AwsCredentialsException($"The credentials from {source} have no \"{name}\" string.");
        }

        return null;
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : text[..40] + "…";
}
