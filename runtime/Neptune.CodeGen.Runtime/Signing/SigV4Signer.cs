using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Http;

namespace Neptune.CodeGen.Runtime.Signing;

/// <summary>
/// Signs any <see cref="HttpRequestMessage"/> with AWS Signature Version 4 (header form, non-S3 rules:
/// the canonical path is encoded twice). Use it directly, through <see cref="SigV4SigningHandler"/>, or let a
/// generated client call it. It is stateless and thread-safe; signing the same request again replaces the old signature.
/// </summary>
public sealed class SigV4Signer
{
    /// <summary>The header that carries the request time.</summary>
    public const string DateHeader = "X-Amz-Date";

    /// <summary>The header that carries the session token of temporary credentials.</summary>
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>The header that carries the hex SHA-256 of the body.</summary>
    public const string ContentSha256Header = "x-amz-content-sha256";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    // Headers that proxies, load balancers or HttpClient itself may add or rewrite after signing: never signed.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amz-user-agent",
        "via", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id",
        "amz-sdk-invocation-id", "amz-sdk-request",
    };

    /// <summary>Creates a signer for one service and region.</summary>
    /// <param name="signingName">The service's signing name, for example <c>neptune-db</c>.</param>
    /// <param name="region">The region, for example <c>us-east-1</c>.</param>
    public SigV4Signer(string signingName, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingName);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        SigningName = signingName;
        Region = region;
    }

    /// <summary>The service's signing name.</summary>
    public string SigningName { get; }

    /// <summary>The region in the credential scope.</summary>
    public string Region { get; }

    /// <summary>
    /// Whether <see cref="Sign"/> adds (and so signs) <c>x-amz-content-sha256</c>. True, as the AWS SDKs do; the AWS SigV4
    /// test suite is computed without that header, so its tests turn it off.
    /// </summary>
    internal bool AddContentSha256Header { get; init; } = true;

    /// <summary>
    /// Signs the request in place: removes any previous signature, sets <c>Host</c> (with a non-default port),
    /// <c>X-Amz-Date</c>, <c>x-amz-content-sha256</c>, <c>X-Amz-Security-Token</c> (when the credentials have one)
    /// and <c>Authorization</c>. The body, if any, is buffered so its hash matches the bytes sent.
    /// </summary>
    public async Task SignAsync(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset signingTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var payload = request.Content is null
            ? Array.Empty<byte>()
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Sign(request, credentials, signingTime, payload);
    }

    /// <summary>Signs the request in place, given the exact body bytes that will be sent.</summary>
    public void Sign(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset signingTime, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no RequestUri.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request's RequestUri must be absolute to be signed.", nameof(request));
        }

        var headers = request.Headers;
        headers.Remove("Authorization");
        headers.Remove(DateHeader);
        headers.Remove(ContentSha256Header);
        headers.Remove(SecurityTokenHeader);

        var amzDate = signingTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(payload));

        // Host is sent exactly as signed: an explicit Host header (a tunnel or load balancer) wins, else the URI's authority.
        // An IPv6 literal keeps its brackets (IdnHost drops them, which is not a valid Host header); Uri.Host also drops a zone id.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        headers.Host ??= uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
        headers.TryAddWithoutValidation(DateHeader, amzDate);
        if (AddContentSha256Header)
        {
            headers.TryAddWithoutValidation(ContentSha256Header, payloadHash);
        }

        if (credentials.SessionToken is not null)
        {
            headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.SessionToken);
        }

        var canonical = BuildCanonicalRequest(request, payloadHash, out var signedHeaders);
        var scope = $"{date}/{Region}/{SigningName}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(DeriveSigningKey(credentials.SecretAccessKey, date), Encoding.UTF8.GetBytes(stringToSign)));
        headers.TryAddWithoutValidation("Authorization", $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>Builds the canonical request string (exposed for diagnostics and tests).</summary>
    public static string BuildCanonicalRequest(HttpRequestMessage request, string payloadHash, out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri!;
        var canonicalHeaders = CanonicalHeaders(request);
        signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Key));
        var builder = new StringBuilder();
        builder.Append(request.Method.Method).Append('\n');
        builder.Append(CanonicalPath(uri.AbsolutePath)).Append('\n');
        builder.Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var header in canonicalHeaders)
        {
            builder.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// The canonical path for non-S3 services: the path normalized (empty segments, <c>.</c> and <c>..</c> removed, as the
    /// AWS SigV4 test suite requires), then each segment (already percent-encoded once on the wire) encoded a second time.
    /// A trailing slash is kept.
    /// </summary>
    public static string CanonicalPath(string absolutePath)
    {
        if (string.IsNullOrEmpty(absolutePath))
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in absolutePath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            return "/";
        }

        var path = "/" + string.Join('/', segments.Select(PercentEncoding.Encode));
        return absolutePath.EndsWith('/') ? path + "/" : path;
    }

    /// <summary>The canonical query: each name and value decoded, RFC 3986-encoded, sorted by name then value; <c>name=</c> when empty.</summary>
    public static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((PercentEncoding.Encode(Uri.UnescapeDataString(name)), PercentEncoding.Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Name + "=" + p.Value));
    }

    private static List<KeyValuePair<string, string>> CanonicalHeaders(HttpRequestMessage request)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string name, HeaderStringValues values)
        {
            foreach (var value in values)
            {
                // HttpClient sends such a value as is: an obsolete folded line (RFC 9112 5.2) or an injected header.
                // Its canonical form is not agreed on (the AWS test suite changed it), so refuse it rather than guess.
                if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    throw new ArgumentException($"The value of header '{name}' contains a line break; it cannot be signed or sent.", nameof(request));
                }
            }

            var lower = name.ToLowerInvariant();
            if (UnsignedHeaders.Contains(lower))
            {
                return;
            }

            if (!byName.TryGetValue(lower, out var list))
            {
                byName[lower] = list = new List<string>();
            }

            // HttpClient writes all values of one header on a single line, joined by the header's own separator
            // (", " for most, " " for User-Agent); HeaderStringValues.ToString() is exactly that line. The service
            // canonicalizes the line it receives, so sign that line, not the values joined with ','.
            // Only separate lines (the same name on the request and on its content) are joined with ','.
            list.Add(CollapseSpaces(values.ToString()));
        }

        foreach (var header in request.Headers.NonValidated)
        {
            Add(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            // Reading ContentLength adds Content-Length to the headers when the length is known (as HttpClient will send it).
            // Without this, whether it is signed would depend on whether someone happened to read the property or the body first.
            _ = request.Content.Headers.ContentLength;
            foreach (var header in request.Content.Headers.NonValidated)
            {
                Add(header.Key, header.Value);
            }
        }

        return byName.Select(static h => new KeyValuePair<string, string>(h.Key, string.Join(',', h.Value))).ToList();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            previousSpace = c == ' ';
            builder.Append(c);
        }

        return builder.ToString();
    }

    private byte[] DeriveSigningKey(string secretAccessKey, string date)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(SigningName));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
