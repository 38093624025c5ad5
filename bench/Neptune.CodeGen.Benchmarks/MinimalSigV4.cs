using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>
/// The least a SigV4 signer can do for the benchmark's requests, written plainly by hand as a floor: it assumes the URL's
/// path and query are already canonical (true for these requests), signs a fixed set of headers, and derives the signing
/// key on every call. With <c>reuseHashObjects</c>, one <see cref="IncrementalHash"/> and the derived key are reused
/// (not thread-safe; a floor, not a design). Setup checks it produces the same Authorization as the other signers.
/// </summary>
internal sealed class MinimalSigV4
{
    private readonly string _scope;
    private readonly bool _reuse;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _key;
    private string? _keyDate;

    public MinimalSigV4(string signingName, string region, bool reuseHashObjects)
    {
        _scope = $"/{region}/{signingName}/aws4_request";
        _reuse = reuseHashObjects;
    }

    public void Sign(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset time, ReadOnlySpan<byte> payload)
    {
        var uri = request.RequestUri!;
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate.Substring(0, 8);
        var payloadHash = Convert.ToHexStringLower(Sha256(payload));
        var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);

        var query = uri.Query.Length > 1 ? string.Join('&', uri.Query.Substring(1).Split('&').OrderBy(p => p, StringComparer.Ordinal)) : string.Empty;
        var canonical = new StringBuilder(512).Append(request.Method.Method).Append('\n').Append(uri.AbsolutePath).Append('\n').Append(query).Append('\n');
        string signedHeaders;
        if (request.Content is { } content)
        {
            canonical.Append("content-length:").Append(payload.Length).Append('\n')
                .Append("content-type:").Append(content.Headers.ContentType).Append('\n');
            signedHeaders = "content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
        }
        else
        {
            signedHeaders = "host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
        }

        canonical.Append("host:").Append(host).Append('\n')
            .Append("x-amz-content-sha256:").Append(payloadHash).Append('\n')
            .Append("x-amz-date:").Append(amzDate).Append('\n')
            .Append("x-amz-security-token:").Append(credentials.SessionToken).Append('\n')
            .Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);

        var scope = date + _scope;
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(Sha256(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private byte[] Sha256(ReadOnlySpan<byte> data)
    {
        if (!_reuse)
        {
            return SHA256.HashData(data);
        }

        _sha256.AppendData(data);
        return _sha256.GetHashAndReset();
    }

    private byte[] SigningKey(string secret, string date)
    {
        if (_reuse && _key is not null && _keyDate == date)
        {
            return _key;
        }

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_scope.Split('/')[1]));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_scope.Split('/')[2]));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        (_key, _keyDate) = (key, date);
        return key;
    }
}
