using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Neptune.CodeGen.Runtime.Json;

/// <summary>Reads one JSON value at the reader's current token.</summary>
public delegate T ReadJsonValue<T>(ref Utf8JsonReader reader);

/// <summary>Lists and string-keyed maps for generated code; null items are skipped, as AWS does for dense collections.</summary>
public static class RestJsonCollections
{
    /// <summary>Reads an array (or null) with an item reader.</summary>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, ReadJsonValue<T> readItem)
    {
        ArgumentNullException.ThrowIfNull(readItem);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array but found {reader.TokenType}.");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                items.Add(readItem(ref reader));
            }
        }

        return items;
    }

    /// <summary>Reads an object as a string-keyed map (or null) with a value reader.</summary>
    public static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, ReadJsonValue<T> readValue)
    {
        ArgumentNullException.ThrowIfNull(readValue);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (RestJson.ReadNextProperty(ref reader))
        {
            var key = reader.GetString()!;
            RestJson.ReadValue(ref reader);
            if (reader.TokenType != JsonTokenType.Null)
            {
                map[key] = readValue(ref reader);
            }
        }

        return map;
    }

    /// <summary>Writes a list as an array.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writeItem);
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a map as an object.</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, T>> map, Action<Utf8JsonWriter, T> writeValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(writeValue);
        writer.WriteStartObject();
        foreach (var entry in map)
        {
            writer.WritePropertyName(entry.Key);
            writeValue(writer, entry.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a timestamp as epoch seconds (with milliseconds as a fraction).</summary>
    public static void WriteEpochSeconds(Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }
}
