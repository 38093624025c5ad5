using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Neptune.CodeGen.Runtime.Json;

/// <summary>
/// Small helpers that generated (de)serialization code calls on <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/>,
/// so the AWS REST-JSON conventions (timestamps, special doubles, base64 blobs) live in one place.
/// </summary>
public static class RestJson
{
    /// <summary>
    /// The deepest a request body may nest: the depth responses are read to (<see cref="Utf8JsonReader"/>'s default), so a
    /// body the client could not read back is not sent, and an object graph with a cycle fails at once.
    /// </summary>
    public const int MaxRequestDepth = 64;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when writing one more structure would nest the request deeper than
    /// <see cref="MaxRequestDepth"/>: a structure that contains itself (a cycle) or data nested absurdly deep.
    /// </summary>
    public static void ThrowIfTooDeep(Utf8JsonWriter writer, string paramName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.CurrentDepth >= MaxRequestDepth)
        {
            throw new ArgumentException(
                $"The request nests more than {MaxRequestDepth} levels deep at {paramName}: does a structure contain itself " +
                "(a cycle in the object graph)? JSON cannot hold a cycle, and the response reader stops at the same depth.",
                paramName);
        }
    }

    /// <summary>
    /// Moves to the start of the top-level object; returns false when the reader has no input left (a reader over a
    /// non-final block). A reader over an empty <em>final</em> block throws instead (that is <see cref="Utf8JsonReader"/>'s
    /// rule); <see cref="Http.ServiceClientPipeline"/> reads an empty success body as <c>{}</c> for that reason.
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON object, or is empty and final.</exception>
    public static bool ReadStartObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        return true;
    }

    /// <summary>Advances to the next property of the current object; false at its end.</summary>
    public static bool ReadNextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended inside an object.");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves from a property name to its value.</summary>
    public static void ReadValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended before a property's value.");
        }
    }

    /// <summary>Skips the current value (and its children).</summary>
    public static void Skip(ref Utf8JsonReader reader) => reader.Skip();

    /// <summary>
    /// Reads a string or null. A JSON number is read as its text: Neptune sends numbers for some members its model types
    /// as strings (stream <c>commitNum</c>/<c>opNum</c>, <c>statisticsId</c>), and "12" is what the caller would want.
    /// </summary>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.HasValueSequence
            ? Encoding.UTF8.GetString(reader.ValueSequence)
            : Encoding.UTF8.GetString(reader.ValueSpan),
        _ => reader.GetString(),
    };

    /// <summary>Reads a boolean or null.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();

    /// <summary>Reads a 32-bit integer or null.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();

    /// <summary>Reads a 64-bit integer or null.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();

    /// <summary>Reads a double or null; accepts the strings <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new JsonException($"'{other}' is not a number."),
        },
        _ => reader.GetDouble(),
    };

    /// <summary>Reads a timestamp written as an RFC 3339 string or as epoch seconds; null stays null.</summary>
    public static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));
            default:
                var text = reader.GetString();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
                {
                    return value;
                }

                throw new JsonException($"'{text}' is not a timestamp.");
        }
    }

    /// <summary>Reads a base64 blob or null.</summary>
    public static byte[]? ReadBlob(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64();

    /// <summary>
    /// Reads any JSON value as a document (a detached <see cref="JsonElement"/>). A JSON <c>null</c> is a value too: it reads as
    /// an element whose <see cref="JsonElement.ValueKind"/> is <see cref="JsonValueKind.Null"/>, so callers can tell it from an
    /// absent member (which generated code leaves as C# <c>null</c>). Never returns null.
    /// </summary>
    public static JsonElement? ReadDocument(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Writes a double, spelling the special values as AWS does.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(Http.WireFormat.Double(value));
        }
    }

    /// <summary>Writes a timestamp as an RFC 3339 string.</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Http.WireFormat.DateTime(value));
    }
}
