using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace Neptune.CodeGen.Runtime.Tests.SigV4;

/// <summary>
/// A request as written in the SigV4 test suite's <c>.req</c> / <c>request.txt</c> files: a request line, <c>Name:value</c>
/// header lines (a line that starts with white space continues the previous value), an empty line, then the body.
/// The request target may contain a raw space (<c>GET /example space/ HTTP/1.1</c>), so the method ends at the first
/// space and the version starts at the last one.
/// </summary>
internal sealed class RawHttpRequest
{
    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-MD5",
    };

    private RawHttpRequest(string method, string target, List<KeyValuePair<string, string>> headers, string body)
    {
        Method = method;
        Target = target;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The request target exactly as written (path and query).</summary>
    public string Target { get; }

    /// <summary>Headers in file order; values are kept raw (leading spaces and folded lines included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public string Body { get; }

    public string? GetHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    public static RawHttpRequest Parse(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = normalized.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = requestLine.LastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !requestLine[(lastSpace + 1)..].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new FormatException($"Not a request line: '{requestLine}'.");
        }

        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var headers = new List<KeyValuePair<string, string>>();
        var index = 1;
        for (; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length == 0)
            {
                index++;
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (headers.Count == 0)
                {
                    throw new FormatException("A continuation line before any header.");
                }

                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Not a header line: '{line}'.");
            }

            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        var body = index < lines.Length ? string.Join('\n', lines[index..]) : string.Empty;
        return new RawHttpRequest(method, target, headers, body);
    }

    /// <summary>
    /// Builds the <see cref="HttpRequestMessage"/> that puts exactly this request on the wire: the target is kept verbatim
    /// (no percent-escaping, no dot-segment removal, as <see cref="UriCreationOptions.DangerousDisablePathAndQueryCanonicalization"/>
    /// allows), headers are added without validation in file order, and a body (or a content header) becomes the content.
    /// </summary>
    /// <param name="skipHeader">Headers to leave out (for example <c>Authorization</c> of an already signed request).</param>
    public HttpRequestMessage ToHttpRequestMessage(Func<string, bool>? skipHeader = null)
    {
        var host = GetHeader("Host") ?? throw new FormatException("The request has no Host header.");
        var options = new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true };
        var uri = new Uri("https://" + host.Trim() + Target, in options);
        var request = new HttpRequestMessage(new HttpMethod(Method), uri);
        var hasContent = Body.Length > 0;
        foreach (var header in Headers)
        {
            hasContent |= ContentHeaderNames.Contains(header.Key);
        }

        if (hasContent)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        }

        foreach (var header in Headers)
        {
            if (skipHeader?.Invoke(header.Key) == true)
            {
                continue;
            }

            var added = ContentHeaderNames.Contains(header.Key)
                ? request.Content!.Headers.TryAddWithoutValidation(header.Key, header.Value)
                : request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            if (!added)
            {
                throw new InvalidOperationException($"HttpRequestMessage refused the header '{header.Key}'.");
            }
        }

        return request;
    }
}
