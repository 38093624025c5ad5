using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// The HTTP shape of one operation call, filled in by generated binding code: path, query, headers and body.
/// Values are validated and percent-encoded here, so every generated operation encodes the same way.
/// </summary>
public sealed class OperationRequest
{
    // The path as a string grown by concatenation (a path has a few short parts), the lists made on first use.
    private string _path = "";
    private List<KeyValuePair<string, string>>? _query;
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>Starts a request for an operation.</summary>
    public OperationRequest(string operationName, HttpMethod method)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationName);
        ArgumentNullException.ThrowIfNull(method);
        OperationName = operationName;
        Method = method;
    }

    /// <summary>The operation's name, for example <c>CancelMLModelTrainingJob</c>.</summary>
    public string OperationName { get; }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The percent-encoded path built so far (always starts with <c>/</c> once a segment is appended).</summary>
    public string Path => _path;

    /// <summary>The query parameters in the order they were added (unencoded).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => (IReadOnlyList<KeyValuePair<string, string>>?)_query ?? [];

    /// <summary>The headers bound from the request (unencoded).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => (IReadOnlyList<KeyValuePair<string, string>>?)_headers ?? [];

    /// <summary>The JSON or raw body, or null when the operation sends none.</summary>
    public byte[]? Body { get; private set; }

    /// <summary>The media type of <see cref="Body"/>.</summary>
    public string? ContentType { get; private set; }

    /// <summary>Appends a literal part of the URI template. The generator only passes text that is already valid in a path.</summary>
    public void AppendPath(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        _path = string.Concat(_path, literal);
    }

    /// <summary>
    /// Appends a label value as exactly one path segment: every byte outside the RFC 3986 unreserved set is
    /// percent-encoded (so <c>/</c>, <c>?</c> and <c>#</c> cannot change the route).
    /// </summary>
    /// <param name="memberName">The request member the value comes from, used in the exception.</param>
    /// <param name="value">The label value.</param>
    /// <exception cref="ArgumentException">The value is null, empty, <c>.</c> or <c>..</c>, or has a lone UTF-16 surrogate.</exception>
    public void AppendLabel(string memberName, string? value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(memberName, $"{memberName} is required: it is part of the request path.");
        }

        if (value.Length == 0 || value == "." || value == "..")
        {
            throw new ArgumentException(
                $"{memberName} cannot be sent as a path segment: '{value}' is empty or a dot segment that would change the route.",
                memberName);
        }

        ThrowIfLoneSurrogate(value, memberName, "path segment");
        _path = string.Concat(_path, PercentEncoding.Encode(value));
    }

    /// <summary>Adds a query parameter; a null value is not sent.</summary>
    /// <param name="name">The wire name of the parameter.</param>
    /// <param name="value">The value, unencoded.</param>
    /// <param name="memberName">The request member the value comes from, named by the exception; <paramref name="name"/> when null.</param>
    /// <exception cref="ArgumentException">The value has a lone UTF-16 surrogate.</exception>
    public void AddQuery(string name, string? value, string? memberName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (value is not null)
        {
            ThrowIfLoneSurrogate(value, memberName ?? name, $"query parameter '{name}'");
            (_query ??= new(4)).Add(new(name, value));
        }
    }

    /// <summary>Adds a query parameter once per value; a null list is not sent.</summary>
    /// <param name="name">The wire name of the parameter.</param>
    /// <param name="values">The values, unencoded.</param>
    /// <param name="memberName">The request member the values come from, named by the exception; <paramref name="name"/> when null.</param>
    /// <exception cref="ArgumentException">A value is null or has a lone UTF-16 surrogate (then none of the values is added).</exception>
    public void AddQuery(string name, IEnumerable<string>? values, string? memberName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (values is null)
        {
            return;
        }

        var checkedValues = new List<string>();
        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ArgumentException($"{memberName ?? name} cannot be sent: the list holds a null item.", memberName ?? name);
            }

            ThrowIfLoneSurrogate(value, memberName ?? name, $"query parameter '{name}'");
            checkedValues.Add(value);
        }

        _query ??= new(checkedValues.Count);
        foreach (var value in checkedValues)
        {
            _query.Add(new(name, value));
        }
    }

    /// <summary>Sets a request header; a null value is not sent.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value as sent.</param>
    /// <param name="memberName">The request member the value comes from, named by the exception; <paramref name="name"/> when null.</param>
    /// <exception cref="ArgumentException">
    /// The value has a control character (CR, LF, NUL, any other below U+0020 except tab, or DEL), which could end the
    /// header and start another, or a character outside ASCII (a lone surrogate included), which HttpClient refuses to send.
    /// </exception>
    public void AddHeader(string name, string? value, string? memberName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (value is null)
        {
            return;
        }

        var member = memberName ?? name;
        var bad = value.AsSpan().IndexOfAnyExcept(HeaderValueCharacters);
        if (bad >= 0)
        {
            var what = value[bad] < 0x80
                ? "a control character, which could end the header and start another"
                : char.IsSurrogate(value[bad]) && PercentEncoding.IndexOfLoneSurrogate(value) == bad
                    ? "a lone UTF-16 surrogate, which has no UTF-8 form"
                    : "a character outside ASCII, which HTTP/1.1 header values cannot carry";
            throw new ArgumentException(
                $"{member} cannot be sent in header '{name}': it has U+{(int)value[bad]:X4} at index {bad}, {what}.", member);
        }

        (_headers ??= new(2)).Add(new(name, value));
    }

    /// <summary>What a header value may hold: tab and printable ASCII.</summary>
    private static readonly System.Buffers.SearchValues<char> HeaderValueCharacters = System.Buffers.SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static void ThrowIfLoneSurrogate(string value, string memberName, string where)
    {
        var bad = PercentEncoding.IndexOfLoneSurrogate(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"{memberName} cannot be sent as {where}: it has a lone UTF-16 surrogate (U+{(int)value[bad]:X4}) at index {bad}, " +
                "which has no UTF-8 form (it would be sent as U+FFFD, so two different values would reach the service as one).",
                memberName);
        }
    }

    /// <summary>Sets the body and its media type.</summary>
    public void SetBody(byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        Body = body;
        ContentType = contentType;
    }

    /// <summary>Throws when a required member has no value; called by generated code before anything is built.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public static void ThrowIfMissing(object? value, string memberName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(memberName, $"{memberName} is required.");
        }
    }

    /// <summary>
    /// Throws when a required enum member has no wire value: null (not set) or empty (<c>default</c> of the enum struct, which
    /// C#'s <c>required</c> keyword lets through and which would otherwise be sent as <c>""</c>).
    /// </summary>
    /// <param name="wireValue">The enum's <c>Value</c>, or null when the member is not set.</param>
    /// <param name="memberName">The member, for the exception.</param>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is the enum's <c>default</c>.</exception>
    public static void ThrowIfMissingEnum(string? wireValue, string memberName)
    {
        ThrowIfMissing(wireValue, memberName);
        if (wireValue!.Length == 0)
        {
            throw new ArgumentException(
                $"{memberName} is required: it holds the enum's default, which has no wire value. Set it to one of the enum's values.",
                memberName);
        }
    }

    /// <summary>
    /// Throws when a required document member is not set: null, or a <c>default</c> <see cref="System.Text.Json.JsonElement"/>
    /// (<see cref="System.Text.Json.JsonValueKind.Undefined"/>). A JSON <c>null</c> is a value and is sent.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is an undefined <see cref="System.Text.Json.JsonElement"/>.</exception>
    public static void ThrowIfMissingDocument(System.Text.Json.JsonElement? value, string memberName)
    {
        ThrowIfMissing(value, memberName);
        if (value!.Value.ValueKind == System.Text.Json.JsonValueKind.Undefined)
        {
            throw new ArgumentException(
                $"{memberName} is required: it holds default(JsonElement), which is no JSON value. Parse or clone a JSON value into it.",
                memberName);
        }
    }

    /// <summary>Returns the encoded path and query, for example <c>/ml/modeltraining/job-1?clean=true</c>.</summary>
    public string BuildPathAndQuery() => BuildUri("");

    /// <summary>Returns the base address (scheme and authority) followed by the encoded path and query, as one string.</summary>
    internal string BuildUri(string baseAddress)
    {
        if (_query is null)
        {
            return string.Concat(baseAddress, _path.Length == 0 ? "/" : _path);
        }

        // Written into a pooled buffer: the result is the only string made.
        var buffer = new CharBuffer(baseAddress.Length + _path.Length + 64 * _query.Count);
        try
        {
            buffer.Append(baseAddress);
            buffer.Append(_path.Length == 0 ? "/" : _path);
            for (var i = 0; i < _query.Count; i++)
            {
                buffer.Append(i == 0 ? '?' : '&');
                PercentEncoding.Append(ref buffer, _query[i].Key);
                buffer.Append('=');
                PercentEncoding.Append(ref buffer, _query[i].Value);
            }

            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
