using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
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
/// generated client call it. It is thread-safe (its only state is the last Host value, X-Amz-Date and derived signing key it made, each replaced whole); signing the same request again replaces the old signature.
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

    private static readonly SearchValues<char> UnreservedOrSlash =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~/");

    // The hex SHA-256 of an empty body (GET, DELETE and most requests without a body).
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // "/{region}/{service}/aws4_request": the credential scope after the date.
    private readonly string _scopeSuffix;

    // The last Host value built from a URI, with the URI's host and port it was built from: a client sends to one endpoint.
    private HostEntry? _host;

    // The last derived signing key (see GetSigningKey); replaced whole, so readers never see a torn entry.
    private SigningKeyEntry? _signingKey;

    // The last X-Amz-Date value with the second it stands for: requests signed within one second share the string.
    private AmzDateEntry? _amzDate;

    /// <summary>Creates a signer for one service and region.</summary>
    /// <param name="signingName">The service's signing name, for example <c>neptune-db</c>.</param>
    /// <param name="region">The region, for example <c>us-east-1</c>.</param>
    public SigV4Signer(string signingName, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingName);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        SigningName = signingName;
        Region = region;
        _scopeSuffix = $"/{region}/{signingName}/aws4_request";
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

        var amzDate = AmzDate(signingTime.UtcDateTime);
        Span<byte> hash = stackalloc byte[32];

        // The hex hash becomes a string only when the x-amz-content-sha256 header carries it.
        Span<char> payloadHashChars = stackalloc char[64];
        scoped ReadOnlySpan<char> payloadHash = EmptyPayloadHash;
        if (!payload.IsEmpty)
        {
            SHA256.HashData(payload, hash);
            Convert.TryToHexStringLower(hash, payloadHashChars, out _);
            payloadHash = payloadHashChars;
        }

        // Host is sent exactly as signed: an explicit Host header (a tunnel or load balancer) wins, else the URI's authority.
        // Added as a raw value: setting the Host property would validate it (a Uri and a string per request) every time.
        if (!headers.NonValidated.Contains("Host"))
        {
            headers.TryAddWithoutValidation("Host", HostHeader(uri));
        }
        else
        {
            headers.Host ??= HostHeader(uri);
        }

        headers.TryAddWithoutValidation(DateHeader, amzDate);
        if (AddContentSha256Header)
        {
            headers.TryAddWithoutValidation(ContentSha256Header, payload.IsEmpty ? EmptyPayloadHash : payloadHash.ToString());
        }

        if (credentials.SessionToken is not null)
        {
            headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.SessionToken);
        }

        // One pooled buffer holds the canonical request, then the string to sign after it; signed headers are kept as a range.
        var buffer = new CharBuffer(1024);
        try
        {
            AppendCanonicalRequest(ref buffer, request, payloadHash, out var signedHeadersStart, out var signedHeadersLength);
            HashUtf8(buffer.Slice(0, buffer.Length), hash);

            var stringToSignStart = buffer.Length;
            buffer.Append(Algorithm);
            buffer.Append('\n');
            buffer.Append(amzDate);
            buffer.Append('\n');
            var scopeStart = buffer.Length;
            buffer.Append(amzDate.AsSpan(0, 8));
            buffer.Append(_scopeSuffix);
            var scopeLength = buffer.Length - scopeStart;
            buffer.Append('\n');
            buffer.AppendHexLower(hash);

            var signingKey = GetSigningKey(credentials.SecretAccessKey, amzDate.AsSpan(0, 8));
            HmacUtf8(signingKey, buffer.Slice(stringToSignStart, buffer.Length - stringToSignStart), hash);
            Span<char> signature = stackalloc char[64];
            Convert.TryToHexStringLower(hash, signature, out _);
            headers.TryAddWithoutValidation(
                "Authorization",
                $"{Algorithm} Credential={credentials.AccessKeyId}/{buffer.Slice(scopeStart, scopeLength)}, SignedHeaders={buffer.Slice(signedHeadersStart, signedHeadersLength)}, Signature={signature}");
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Builds the canonical request string (exposed for diagnostics and tests).</summary>
    public static string BuildCanonicalRequest(HttpRequestMessage request, string payloadHash, out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new CharBuffer(1024);
        try
        {
            AppendCanonicalRequest(ref buffer, request, payloadHash, out var signedHeadersStart, out var signedHeadersLength);
            signedHeaders = buffer.Slice(signedHeadersStart, signedHeadersLength).ToString();
            return buffer.Slice(0, buffer.Length).ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void AppendCanonicalRequest(ref CharBuffer buffer, HttpRequestMessage request, scoped ReadOnlySpan<char> payloadHash, out int signedHeadersStart, out int signedHeadersLength)
    {
        var uri = request.RequestUri!;
        var canonicalHeaders = CanonicalHeaders(request);
        try
        {
            AppendCanonicalRequest(ref buffer, request.Method.Method, uri, canonicalHeaders, payloadHash, out signedHeadersStart, out signedHeadersLength);
        }
        finally
        {
            canonicalHeaders.Dispose();
        }
    }

    private static void AppendCanonicalRequest(ref CharBuffer buffer, string method, Uri uri, HeaderList canonicalHeaders, scoped ReadOnlySpan<char> payloadHash, out int signedHeadersStart, out int signedHeadersLength)
    {
        buffer.Append(method);
        buffer.Append('\n');
        buffer.Append(CanonicalPath(uri.AbsolutePath));
        buffer.Append('\n');
        AppendCanonicalQuery(ref buffer, uri.Query);
        buffer.Append('\n');

        // Values of the same name (on the request and on its content) are adjacent after sorting: joined with ','.
        for (var i = 0; i < canonicalHeaders.Count; i++)
        {
            var (name, value, number, _) = canonicalHeaders[i];
            if (i > 0 && canonicalHeaders[i - 1].Name == name)
            {
                buffer.Append(',');
            }
            else
            {
                if (i > 0)
                {
                    buffer.Append('\n');
                }

                buffer.Append(name);
                buffer.Append(':');
            }

            if (value is null)
            {
                buffer.Append(number);
            }
            else
            {
                AppendCollapsingSpaces(ref buffer, value);
            }
        }

        if (canonicalHeaders.Count > 0)
        {
            buffer.Append('\n');
        }

        buffer.Append('\n');
        signedHeadersStart = buffer.Length;
        for (var i = 0; i < canonicalHeaders.Count; i++)
        {
            var name = canonicalHeaders[i].Name;
            if (i > 0 && canonicalHeaders[i - 1].Name == name)
            {
                continue;
            }

            if (buffer.Length > signedHeadersStart)
            {
                buffer.Append(';');
            }

            buffer.Append(name);
        }

        signedHeadersLength = buffer.Length - signedHeadersStart;
        buffer.Append('\n');
        buffer.Append(payloadHash);
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

        // Common case: only unreserved characters, no empty, "." or ".." segments. Normalizing and encoding change nothing.
        if (absolutePath[0] == '/'
            && !absolutePath.AsSpan().ContainsAnyExcept(UnreservedOrSlash)
            && !absolutePath.Contains("//", StringComparison.Ordinal)
            && !absolutePath.Contains("/.", StringComparison.Ordinal))
        {
            return absolutePath;
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

        var builder = new StringBuilder(absolutePath.Length * 3);
        foreach (var segment in segments)
        {
            builder.Append('/');
            PercentEncoding.Append(builder, segment);
        }

        return absolutePath.EndsWith('/') ? builder.Append('/').ToString() : builder.ToString();
    }

    /// <summary>The canonical query: each name and value decoded, RFC 3986-encoded, sorted by name then value; <c>name=</c> when empty.</summary>
    public static string CanonicalQuery(string query)
    {
        var buffer = new CharBuffer(query?.Length ?? 0);
        try
        {
            AppendCanonicalQuery(ref buffer, query);
            return buffer.Slice(0, buffer.Length).ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void AppendCanonicalQuery(ref CharBuffer buffer, string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return;
        }

        // At most one pair per '&'-separated part, in an array rented from the shared pool.
        var rest = query.AsMemory().TrimStart('?');
        var pairs = ArrayPool<(ReadOnlyMemory<char> Name, ReadOnlyMemory<char> Value)>.Shared.Rent(rest.Span.Count('&') + 1);
        var count = 0;
        try
        {
            while (!rest.IsEmpty)
            {
                var amp = rest.Span.IndexOf('&');
                var part = amp < 0 ? rest : rest[..amp];
                rest = amp < 0 ? ReadOnlyMemory<char>.Empty : rest[(amp + 1)..];
                if (part.IsEmpty)
                {
                    continue;
                }

                var equals = part.Span.IndexOf('=');
                var name = equals < 0 ? part : part[..equals];
                var value = equals < 0 ? ReadOnlyMemory<char>.Empty : part[(equals + 1)..];
                pairs[count++] = (Canonicalize(name), Canonicalize(value));
            }

            var sorted = pairs.AsSpan(0, count);
            sorted.Sort(static (a, b) =>
            {
                var byName = a.Name.Span.SequenceCompareTo(b.Name.Span);
                return byName != 0 ? byName : a.Value.Span.SequenceCompareTo(b.Value.Span);
            });
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i > 0)
                {
                    buffer.Append('&');
                }

                buffer.Append(sorted[i].Name.Span);
                buffer.Append('=');
                buffer.Append(sorted[i].Value.Span);
            }
        }
        finally
        {
            ArrayPool<(ReadOnlyMemory<char>, ReadOnlyMemory<char>)>.Shared.Return(pairs, clearArray: true);
        }
    }

    // Decodes then RFC 3986-encodes a query name or value; one that is already in that form is returned as is (no copy).
    private static ReadOnlyMemory<char> Canonicalize(ReadOnlyMemory<char> encoded) =>
        IsCanonicallyEncoded(encoded.Span) ? encoded : PercentEncoding.Encode(Uri.UnescapeDataString(encoded.Span)).AsMemory();

    // True when decoding and re-encoding would give back the same text: unreserved characters, and %XX (uppercase hex)
    // only for ASCII characters that are not unreserved.
    private static bool IsCanonicallyEncoded(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (PercentEncoding.Unreserved.Contains(c))
            {
                continue;
            }

            if (c != '%' || i + 2 >= text.Length || !IsUpperHex(text[i + 1]) || !IsUpperHex(text[i + 2]) || text[i + 1] > '7')
            {
                return false;
            }

            var decoded = (char)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
            if (PercentEncoding.Unreserved.Contains(decoded))
            {
                return false;
            }

            i += 2;
        }

        return true;

        static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';
        static int HexValue(char c) => c <= '9' ? c - '0' : c - 'A' + 10;
    }

    private static HeaderList CanonicalHeaders(HttpRequestMessage request)
    {
        var result = new HeaderList(16);
        void Add(string name, HeaderStringValues values)
        {
            // HttpClient writes all values of one header on a single line, joined by the header's own separator
            // (", " for most, " " for User-Agent); HeaderStringValues.ToString() is exactly that line. The service
            // canonicalizes the line it receives, so sign that line, not the values joined with ','.
            // Only separate lines (the same name on the request and on its content) are joined with ','.
            var line = values.ToString();

            // HttpClient sends such a value as is: an obsolete folded line (RFC 9112 5.2) or an injected header.
            // Its canonical form is not agreed on (the AWS test suite changed it), so refuse it rather than guess.
            if (line.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"The value of header '{name}' contains a line break; it cannot be signed or sent.", nameof(request));
            }

            if (UnsignedHeaders.Contains(name))
            {
                return;
            }

            result.Add((LowerCaseName(name), line, 0, result.Count));
        }

        foreach (var header in request.Headers.NonValidated)
        {
            Add(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            // Reading ContentLength adds Content-Length to the headers when the length is known (as HttpClient will send it).
            // Without this, whether it is signed would depend on whether someone happened to read the property or the body first.
            // It is read after listing the others, so the number is signed as is rather than turned into a string first.
            var contentHeaders = request.Content.Headers;
            var lengthListed = contentHeaders.NonValidated.Contains("Content-Length");
            foreach (var header in contentHeaders.NonValidated)
            {
                Add(header.Key, header.Value);
            }

            if (!lengthListed && contentHeaders.ContentLength is { } length)
            {
                result.Add(("content-length", null, length, result.Count));
            }
        }

        // Ordinal by lowercase name; the order added breaks ties, so request values come before content values.
        result.Sort();
        return result;
    }

    // The names HttpClient and this signer use, lowercased without allocating; any other name is lowercased as usual.
    private static string LowerCaseName(string name) => name switch
    {
        "Host" => "host",
        DateHeader => "x-amz-date",
        SecurityTokenHeader => "x-amz-security-token",
        "Content-Type" => "content-type",
        "Content-Length" => "content-length",
        "Content-MD5" => "content-md5",
        "Accept" => "accept",
        _ => name.ToLowerInvariant(),
    };

    private string AmzDate(DateTime utc)
    {
        var second = utc.Ticks / TimeSpan.TicksPerSecond;
        var cached = Volatile.Read(ref _amzDate);
        if (cached is not null && cached.Second == second)
        {
            return cached.Value;
        }

        var entry = new AmzDateEntry(second, FormatAmzDate(utc));
        Volatile.Write(ref _amzDate, entry);
        return entry.Value;
    }

    private string HostHeader(Uri uri)
    {
        // An IPv6 literal keeps its brackets (IdnHost drops them, which is not a valid Host header); Uri.Host also drops a zone id.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var cached = Volatile.Read(ref _host);
        if (cached is not null && cached.Port == uri.Port && string.Equals(cached.Host, host, StringComparison.Ordinal))
        {
            return cached.Value;
        }

        var entry = new HostEntry(host, uri.Port, uri.IsDefaultPort ? host : $"{host}:{uri.Port}");
        Volatile.Write(ref _host, entry);
        return entry.Value;
    }

    // "yyyyMMddTHHmmssZ", written digit by digit: the same text as the format string, without parsing it on every call.
    private static string FormatAmzDate(DateTime utc) => string.Create(16, utc, static (span, time) =>
    {
        Write(span, 0, time.Year, 4);
        Write(span, 4, time.Month, 2);
        Write(span, 6, time.Day, 2);
        span[8] = 'T';
        Write(span, 9, time.Hour, 2);
        Write(span, 11, time.Minute, 2);
        Write(span, 13, time.Second, 2);
        span[15] = 'Z';

        static void Write(Span<char> span, int at, int value, int digits)
        {
            for (var i = at + digits - 1; i >= at; i--)
            {
                span[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    });

    // Trims the value and collapses runs of spaces to one, as SigV4 canonical header values require.
    private static void AppendCollapsingSpaces(ref CharBuffer buffer, string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            // Nothing to collapse (the usual case): copied whole.
            buffer.Append(trimmed);
            return;
        }

        var previousSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            previousSpace = c == ' ';
            buffer.Append(c);
        }
    }

    // The signing key depends only on the secret, the date, the region and the service, so it is derived once and reused
    // while those stay the same. One entry per signer (region and service are fixed): memory stays bounded. The secret is
    // matched by reference, so a different secret, even an equal string from refreshed credentials, is never a false hit.
    private byte[] GetSigningKey(string secretAccessKey, ReadOnlySpan<char> date)
    {
        var cached = Volatile.Read(ref _signingKey);
        if (cached is not null && ReferenceEquals(cached.Secret, secretAccessKey) && date.SequenceEqual(cached.Date))
        {
            return cached.Key;
        }

        var entry = new SigningKeyEntry(secretAccessKey, date.ToString(), DeriveSigningKey(secretAccessKey, date));
        Volatile.Write(ref _signingKey, entry);
        return entry.Key;
    }

    private byte[] DeriveSigningKey(string secretAccessKey, ReadOnlySpan<char> date)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            Span<byte> dateKey = stackalloc byte[32];
            Span<byte> regionKey = stackalloc byte[32];
            Span<byte> serviceKey = stackalloc byte[32];
            HmacUtf8(secret, date, dateKey);
            HmacUtf8(dateKey, Region, regionKey);
            HmacUtf8(regionKey, SigningName, serviceKey);
            return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static void HashUtf8(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var count = Encoding.UTF8.GetBytes(text, bytes);
        SHA256.HashData(bytes.AsSpan(0, count), destination);
        ArrayPool<byte>.Shared.Return(bytes);
    }

    private static void HmacUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> destination)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var count = Encoding.UTF8.GetBytes(text, bytes);
        HMACSHA256.HashData(key, bytes.AsSpan(0, count), destination);
        ArrayPool<byte>.Shared.Return(bytes);
    }

    private sealed record SigningKeyEntry(string Secret, string Date, byte[] Key);

    private sealed record HostEntry(string Host, int Port, string Value);

    private sealed record AmzDateEntry(long Second, string Value);

    /// <summary>
    /// The headers to sign, in an array rented from the shared pool; dispose it once. A null Value stands for the number
    /// (Content-Length, signed without making a string of it).
    /// </summary>
    private struct HeaderList
    {
        private (string Name, string? Value, long Number, int Order)[] _items;

        public HeaderList(int capacity)
        {
            _items = ArrayPool<(string, string?, long, int)>.Shared.Rent(capacity);
            Count = 0;
        }

        public int Count { get; private set; }

        public readonly (string Name, string? Value, long Number, int Order) this[int index] => _items[index];

        public void Add((string Name, string? Value, long Number, int Order) item)
        {
            if (Count == _items.Length)
            {
                var bigger = ArrayPool<(string, string?, long, int)>.Shared.Rent(_items.Length * 2);
                _items.AsSpan(0, Count).CopyTo(bigger);
                ArrayPool<(string, string?, long, int)>.Shared.Return(_items, clearArray: true);
                _items = bigger;
            }

            _items[Count++] = item;
        }

        public readonly void Sort() => _items.AsSpan(0, Count).Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Order.CompareTo(b.Order);
        });

        public void Dispose()
        {
            ArrayPool<(string, string?, long, int)>.Shared.Return(_items, clearArray: true);
            _items = null!;
        }
    }
}
