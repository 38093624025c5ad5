using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Wire.Tests.Support;

/// <summary>What the client put on the wire, copied before the request is disposed.</summary>
public sealed record CapturedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    string? ContentType)
{
    /// <summary>The body as UTF-8 text (empty when there is none).</summary>
    public string BodyText => Body is null ? string.Empty : Encoding.UTF8.GetString(Body);

    /// <summary>The query parameters, decoded, in the order they were sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query =>
        Uri.Query.Length <= 1
            ? []
            : Uri.Query[1..].Split('&').Select(pair =>
            {
                var equals = pair.IndexOf('=');
                return equals < 0
                    ? new KeyValuePair<string, string>(Uri.UnescapeDataString(pair), string.Empty)
                    : new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
            }).ToList();
}

/// <summary>
/// An <see cref="HttpMessageHandler"/> that records every request and answers with a canned response, so tests see exactly
/// what the generated client sends and how it reads a given body, without a server.
/// </summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    private readonly HttpStatusCode _status;
    private readonly byte[] _responseBody;
    private readonly string _responseContentType;

    public CapturingHandler(string responseBody, HttpStatusCode status = HttpStatusCode.OK, string responseContentType = "application/json")
        : this(Encoding.UTF8.GetBytes(responseBody), status, responseContentType)
    {
    }

    public CapturingHandler(byte[] responseBody, HttpStatusCode status, string responseContentType)
    {
        _responseBody = responseBody;
        _status = status;
        _responseContentType = responseContentType;
    }

    public List<CapturedRequest> Requests { get; } = [];

    /// <summary>The only request sent; fails when there were none or several.</summary>
    public CapturedRequest Single => Requests.Count == 1
        ? Requests[0]
        : throw new InvalidOperationException($"Expected exactly one request, but {Requests.Count} were sent.");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        byte[]? body = null;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        Requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType?.MediaType));

        var content = new ByteArrayContent(_responseBody);
        content.Headers.TryAddWithoutValidation("Content-Type", _responseContentType);
        return new HttpResponseMessage(_status) { Content = content, RequestMessage = request };
    }
}
