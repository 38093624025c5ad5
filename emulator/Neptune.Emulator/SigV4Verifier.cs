using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Neptune.Emulator;

/// <summary>The outcome of checking one request's signature: success, or the error code and message to send (403).</summary>
internal readonly record struct SigV4Result(bool Succeeded, string? ErrorCode, string? Message)
{
    public static SigV4Result Success { get; } = new(true, null, null);

    public static SigV4Result Denied(string message) => new(false, "AccessDeniedException", message);

    public static SigV4Result Expired(string message) => new(false, "RequestExpired", message);
}

/// <summary>
/// Checks AWS Signature Version 4 (header form, non-S3 rules) the way the service does: it rebuilds the canonical
/// request from what was received on the wire (raw path and query, the listed headers, the body bytes) and compares
/// signatures. Written independently of the runtime's signer so that the two check each other.
/// </summary>
internal sealed class SigV4Verifier
{
    internal const string Algorithm = "AWS4-HMAC-SHA256";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly NeptuneEmulatorOptions _options;

    public SigV4Verifier(NeptuneEmulatorOptions options) => _options = options;

    /// <param name="method">The request method as received.</param>
    /// <param name="rawPath">The path from the raw request target, still percent-encoded as sent.</param>
    /// <param name="rawQuery">The query from the raw request target, without <c>?</c>.</param>
    /// <param name="headers">The received headers, case-insensitive names.</param>
    /// <param name="body">The received body bytes.</param>
    public SigV4Result Verify(string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, ReadOnlySpan<byte> body)
    {
        var authorization = Joined(headers, "Authorization");
        if (authorization is null)
        {
            return SigV4Result.Denied("Missing Authentication Token: the request has no Authorization header.");
        }

        if (!TryParseAuthorization(authorization, out var credential, out var signedHeaderList, out var signature, out var parseError))
        {
            return SigV4Result.Denied(parseError);
        }

        // Credential scope: AKID/yyyyMMdd/region/service/aws4_request.
        var scopeParts = credential.Split('/');
        if (scopeParts.Length != 5)
        {
            return SigV4Result.Denied("Credential should have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.");
        }

        var (accessKeyId, scopeDate, region, service, terminator) = (scopeParts[0], scopeParts[1], scopeParts[2], scopeParts[3], scopeParts[4]);
        if (!string.Equals(accessKeyId, _options.AccessKeyId, StringComparison.Ordinal))
        {
            return SigV4Result.Denied($"The access key id '{accessKeyId}' is not known to this cluster.");
        }

        if (!string.Equals(terminator, "aws4_request", StringComparison.Ordinal))
        {
            return SigV4Result.Denied($"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'.");
        }

        if (!string.Equals(service, _options.SigningName, StringComparison.Ordinal))
        {
            return SigV4Result.Denied($"Credential should be scoped to correct service: '{_options.SigningName}', not '{service}'.");
        }

        if (!string.Equals(region, _options.Region, StringComparison.Ordinal))
        {
            return SigV4Result.Denied($"Credential should be scoped to a valid region: '{_options.Region}', not '{region}'.");
        }

        // Signed headers: lowercase, sorted, no duplicates; host and x-amz-date required; every one present.
        var signedHeaders = signedHeaderList.Split(';');
        for (var i = 0; i < signedHeaders.Length; i++)
        {
            var name = signedHeaders[i];
            if (name.Length == 0 || !string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal)
                || (i > 0 && string.CompareOrdinal(signedHeaders[i - 1], name) >= 0))
            {
                return SigV4Result.Denied($"SignedHeaders must list lowercase header names, sorted and without duplicates; got '{signedHeaderList}'.");
            }
        }

        if (Array.IndexOf(signedHeaders, "host") < 0)
        {
            return SigV4Result.Denied($"The host header must be signed, but SignedHeaders is '{signedHeaderList}'.");
        }

        if (Array.IndexOf(signedHeaders, "x-amz-date") < 0)
        {
            return SigV4Result.Denied($"The x-amz-date header must be signed, but SignedHeaders is '{signedHeaderList}'.");
        }

        foreach (var name in signedHeaders)
        {
            if (!headers.ContainsKey(name))
            {
                return SigV4Result.Denied($"The signed header '{name}' is not in the request.");
            }
        }

        // Date: well-formed, same day as the scope, inside the allowed skew.
        var amzDate = Joined(headers, "X-Amz-Date")!;
        if (!DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requestTime))
        {
            return SigV4Result.Denied($"X-Amz-Date must be in ISO 8601 basic format (yyyyMMddTHHmmssZ), got '{amzDate}'.");
        }

        if (!string.Equals(scopeDate, amzDate[..8], StringComparison.Ordinal))
        {
            return SigV4Result.Denied($"Date in Credential scope does not match YYYYMMDD from X-Amz-Date: '{scopeDate}' != '{amzDate[..8]}'.");
        }

        var now = _options.TimeProvider.GetUtcNow();
        var skew = _options.AllowedClockSkew;
        if (requestTime < now - skew)
        {
            return SigV4Result.Expired($"Signature expired: {amzDate} is now earlier than {Format(now - skew)} ({Format(now)} - {FormatSkew(skew)}).");
        }

        if (requestTime > now + skew)
        {
            return SigV4Result.Expired($"Signature not yet current: {amzDate} is still later than {Format(now + skew)} ({Format(now)} + {FormatSkew(skew)}).");
        }

        // Session token: required exactly when the emulator's credentials have one. Signed or not, both are accepted.
        var token = Joined(headers, "X-Amz-Security-Token");
        if (_options.SessionToken is null)
        {
            if (token is not null)
            {
                return SigV4Result.Denied("The request has an X-Amz-Security-Token, but the credentials for this access key have no session token.");
            }
        }
        else if (token is null)
        {
            return SigV4Result.Denied("The request is missing the X-Amz-Security-Token that these temporary credentials require.");
        }
        else if (!FixedTimeEquals(token, _options.SessionToken))
        {
            return SigV4Result.Denied("The security token included in the request is invalid.");
        }

        // Payload: the hash is always computed from the bytes received; a declared hash must agree with it.
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var declaredHash = Joined(headers, "x-amz-content-sha256");
        if (declaredHash is not null && !string.Equals(declaredHash, payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return SigV4Result.Denied("The provided 'x-amz-content-sha256' header does not match the SHA-256 of the request body that was received.");
        }

        var canonicalRequest = BuildCanonicalRequest(method, rawPath, rawQuery, signedHeaders, headers, payloadHash);
        var stringToSign = BuildStringToSign(amzDate, $"{scopeDate}/{region}/{service}/aws4_request", canonicalRequest);
        var expected = Sign(_options.SecretAccessKey, scopeDate, region, service, stringToSign);
        if (!FixedTimeEquals(expected, signature))
        {
            return SigV4Result.Denied(
                $"{SignatureMismatch}\n\nThe Canonical String for this request should have been\n'{Redact(canonicalRequest)}'\n\n" +
                $"The String-to-Sign should have been\n'{stringToSign}'\n");
        }

        return SigV4Result.Success;
    }

    internal static string BuildCanonicalRequest(
        string method, string rawPath, string rawQuery, IReadOnlyList<string> signedHeaders,
        IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(rawPath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            var values = headers[name];
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(CollapseSpaces(values[i]));
            }

            builder.Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    internal static string BuildStringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    internal static string Sign(string secretAccessKey, string date, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// Non-S3 canonical URI: the raw path as received (already encoded once by the client), dot segments removed,
    /// each segment percent-encoded a second time. Encoding mistakes of the client therefore change the signature.
    /// </summary>
    internal static string CanonicalPath(string rawPath)
    {
        if (rawPath.Length == 0 || rawPath == "/")
        {
            return "/";
        }

        var segments = new List<string>();
        var parts = rawPath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            switch (parts[i])
            {
                case ".":
                    continue;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                default:
                    segments.Add(UriEncode(parts[i]));
                    break;
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>Canonical query: names and values decoded once, RFC 3986-encoded, sorted by name then value, <c>name=</c> when empty.</summary>
    internal static string CanonicalQuery(string rawQuery)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var (name, value) in QueryString.Parse(rawQuery))
        {
            pairs.Add((UriEncode(name), UriEncode(value)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding of the UTF-8 bytes: only <c>A-Z a-z 0-9 - _ . ~</c> stay, everything else is <c>%XX</c> (uppercase).</summary>
    internal static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Trims the value and turns each run of spaces into one space.</summary>
    internal static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool TryParseAuthorization(string authorization, out string credential, out string signedHeaders, out string signature, out string error)
    {
        credential = signedHeaders = signature = string.Empty;
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            var scheme = authorization.Split(' ', 2)[0];
            error = $"Unsupported Authorization scheme '{scheme}': only {Algorithm} is accepted.";
            return false;
        }

        string? foundCredential = null, foundSignedHeaders = null, foundSignature = null;
        foreach (var part in authorization[(Algorithm.Length + 1)..].Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (key)
            {
                case "Credential": foundCredential = value; break;
                case "SignedHeaders": foundSignedHeaders = value; break;
                case "Signature": foundSignature = value; break;
            }
        }

        var missing = new StringBuilder();
        if (foundCredential is null)
        {
            missing.Append("Authorization header requires 'Credential' parameter. ");
        }

        if (foundSignedHeaders is null)
        {
            missing.Append("Authorization header requires 'SignedHeaders' parameter. ");
        }

        if (foundSignature is null)
        {
            missing.Append("Authorization header requires 'Signature' parameter. ");
        }

        error = missing.ToString().TrimEnd();
        if (error.Length > 0)
        {
            return false;
        }

        (credential, signedHeaders, signature) = (foundCredential!, foundSignedHeaders!, foundSignature!);
        return true;
    }

    private static string? Joined(IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string name) =>
        headers.TryGetValue(name, out var values) ? string.Join(',', values) : null;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>Hides the session token's value when it was signed, so the error message never echoes it.</summary>
    private static string Redact(string canonicalRequest)
    {
        var lines = canonicalRequest.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("x-amz-security-token:", StringComparison.Ordinal))
            {
                lines[i] = "x-amz-security-token:<redacted>";
            }
        }

        return string.Join('\n', lines);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string FormatSkew(TimeSpan skew) =>
        skew.TotalSeconds % 60 == 0 ? $"{skew.TotalMinutes:0} min." : $"{skew.TotalSeconds:0} s.";
}

/// <summary>Splits a raw query string into decoded name/value pairs, keeping order and repeats.</summary>
internal static class QueryString
{
    public static List<(string Name, string Value)> Parse(string rawQuery)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return pairs;
    }
}
