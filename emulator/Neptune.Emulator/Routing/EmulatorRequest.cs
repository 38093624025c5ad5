using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Neptune.Emulator.Routing;

/// <summary>One authenticated request as an operation handler sees it.</summary>
internal sealed class EmulatorRequest
{
    private readonly List<(string Name, string Value)> _query;

    public EmulatorRequest(string requestId, string method, string rawPath, string rawQuery,
        IReadOnlyDictionary<string, IReadOnlyList<string>> headers, byte[] body, DateTimeOffset now, CancellationToken aborted)
    {
        RequestId = requestId;
        Method = method;
        RawPath = rawPath;
        Headers = headers;
        Body = body;
        Now = now;
        Aborted = aborted;
        _query = QueryString.Parse(rawQuery);
    }

    public string RequestId { get; }

    public string Method { get; }

    public string RawPath { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>The emulator's clock when the request arrived.</summary>
    public DateTimeOffset Now { get; }

    public CancellationToken Aborted { get; }

    /// <summary>The URI labels of the matched route, decoded exactly once.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    public string Label(string name) => Labels[name];

    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) ? string.Join(',', values) : null;

    /// <summary>A query parameter given at most once; a repeat is rejected.</summary>
    public string? Query(string name)
    {
        string? value = null;
        foreach (var (key, item) in _query)
        {
            if (key != name)
            {
                continue;
            }

            if (value is not null)
            {
                throw Reject.InvalidParameter($"The parameter '{name}' was given more than once.");
            }

            value = item;
        }

        return value;
    }

    /// <summary>A boolean query parameter: <c>true</c> or <c>false</c>, any case (Neptune documents TRUE/FALSE).</summary>
    public bool? QueryBool(string name)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value) || text.Trim().Length != text.Length)
        {
            throw Reject.InvalidParameter($"Invalid value '{text}' for parameter '{name}': expected true or false.");
        }

        return value;
    }

    public long? QueryLong(string name, long min, long max)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Reject.InvalidParameter($"Invalid value '{text}' for parameter '{name}': expected an integer from {min} to {max}.");
        }

        return value;
    }

    public int? QueryInt(string name, int min, int max) => (int?)QueryLong(name, min, max);

    /// <summary>An enum query parameter: one of <paramref name="allowed"/>, compared exactly.</summary>
    public string? QueryEnum(string name, params string[] allowed)
    {
        var text = Query(name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Reject.InvalidParameter($"Invalid value '{text}' for parameter '{name}': expected one of {string.Join(", ", allowed)}.");
        }

        return text;
    }

    /// <summary>The body as a JSON object; a missing body is an empty object.</summary>
    public JsonBody Json() => JsonBody.Parse(Body);
}
