using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>A fully read HTTP response, handed to generated deserialization code.</summary>
public sealed class ServiceResponse
{
    private readonly HttpResponseHeaders? _headers;
    private readonly HttpContentHeaders? _contentHeaders;
    private readonly IReadOnlyDictionary<string, string>? _headerValues;

    /// <summary>Wraps a response received over HTTP.</summary>
    public ServiceResponse(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        _headers = headers;
        _contentHeaders = contentHeaders;
        Body = body;
    }

    /// <summary>Builds a response by hand, for tests of deserialization and error mapping.</summary>
    public ServiceResponse(HttpStatusCode statusCode, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        _headerValues = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        Body = body;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The body bytes. For a response received over HTTP, any <c>Content-Encoding</c> (gzip, deflate, br) is already undone.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyAsString() => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Returns a header's value (several values joined by <c>,</c>), or null when absent.</summary>
    public string? GetHeader(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_headerValues is not null)
        {
            return _headerValues.TryGetValue(name, out var value) ? value : null;
        }

        if (_headers is not null && _headers.TryGetValues(name, out var values))
        {
            return string.Join(',', values);
        }

        return _contentHeaders is not null && _contentHeaders.TryGetValues(name, out var contentValues)
            ? string.Join(',', contentValues)
            : null;
    }

    /// <summary>Whether the status code is 2xx.</summary>
    public bool IsSuccess => (int)StatusCode is >= 200 and <= 299;
}
