using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neptune.Emulator.Routing;

/// <summary>Typed, validating reads of a JSON request body (member names are the wire names).</summary>
internal sealed class JsonBody
{
    private JsonBody(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public static JsonBody Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return new JsonBody(new JsonObject());
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            throw Reject.BadRequest("The request body is not valid JSON.");
        }

        return node is JsonObject root ? new JsonBody(root) : throw Reject.BadRequest("The request body must be a JSON object.");
    }

    public bool Has(string name) => Root[name] is not null;

    public string? String(string name)
    {
        var node = Root[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Reject.InvalidParameter($"The parameter '{name}' must be a string.");
    }

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw Reject.MissingParameter(name);

    /// <summary>A required Amazon S3 URI (<c>s3://bucket/key</c>).</summary>
    public string RequiredS3Uri(string name)
    {
        var value = RequiredString(name);
        return value.StartsWith("s3://", StringComparison.Ordinal)
            ? value
            : throw Reject.InvalidParameter($"Invalid value for parameter '{name}': '{value}' is not an Amazon S3 URI (s3://bucket/key).");
    }

    /// <summary>A boolean; <paramref name="allowText"/> also accepts "TRUE"/"FALSE" strings, as the loader documents them.</summary>
    public bool? Bool(string name, bool allowText = false)
    {
        var node = Root[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when allowText && bool.TryParse(value.GetValue<string>(), out var parsed):
                    return parsed;
            }
        }

        throw Reject.InvalidParameter($"The parameter '{name}' must be a boolean (true or false).");
    }

    public long? Long(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Root[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number))
        {
            return number >= min && number <= max
                ? number
                : throw Reject.InvalidParameter($"Invalid value {number} for parameter '{name}': expected {Range(min, max)}.");
        }

        throw Reject.InvalidParameter($"The parameter '{name}' must be an integer.");
    }

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue) => (int?)Long(name, min, max);

    /// <summary>An enum value: one of <paramref name="allowed"/>, compared exactly (wire values).</summary>
    public string? Enum(string name, IReadOnlyCollection<string> allowed)
    {
        var text = String(name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            throw Reject.InvalidParameter($"Invalid value '{text}' for parameter '{name}': expected one of {string.Join(", ", allowed)}.");
        }

        return text;
    }

    public IReadOnlyList<string>? StringList(string name)
    {
        var node = Root[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonArray array && array.All(static item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            return array.Select(static item => item!.GetValue<string>()).ToArray();
        }

        throw Reject.InvalidParameter($"The parameter '{name}' must be a list of strings.");
    }

    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        var node = Root[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonObject map && map.All(static pair => pair.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            return map.ToDictionary(static pair => pair.Key, static pair => pair.Value!.GetValue<string>(), StringComparer.Ordinal);
        }

        throw Reject.InvalidParameter($"The parameter '{name}' must be an object with string values.");
    }

    public JsonBody? Object(string name)
    {
        var node = Root[name];
        return node switch
        {
            null => null,
            JsonObject nested => new JsonBody(nested),
            _ => throw Reject.InvalidParameter($"The parameter '{name}' must be an object."),
        };
    }

    private static string Range(long min, long max) =>
        max == long.MaxValue || max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";
}
