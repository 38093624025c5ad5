using System;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>
/// Turns a YAML document into the JSON an editor's YAML language server validates against a schema: plain scalars are typed
/// by the YAML 1.2 core schema (null, true/false, integers, floats), quoted and block scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    private static readonly Regex Integer = new(@"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var entry in mapping.Children)
                {
                    obj[((YamlScalarNode)entry.Key).Value ?? string.Empty] = Convert(entry.Value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            case YamlScalarNode scalar:
                return scalar.Style == ScalarStyle.Plain ? Plain(scalar.Value ?? string.Empty) : JsonValue.Create(scalar.Value ?? string.Empty);
            default:
                throw new InvalidOperationException($"Unexpected YAML node {node.GetType().Name}.");
        }
    }

    private static JsonNode? Plain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (Integer.IsMatch(text))
        {
            return text.StartsWith("0x", StringComparison.Ordinal) ? JsonValue.Create(System.Convert.ToInt64(text.Substring(2), 16))
                : text.StartsWith("0o", StringComparison.Ordinal) ? JsonValue.Create(System.Convert.ToInt64(text.Substring(2), 8))
                : JsonValue.Create(decimal.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }

        if (Float.IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN")
        {
            // Not representable in JSON; a number-typed key holding one fails validation as a string would.
            return JsonValue.Create(text);
        }

        return JsonValue.Create(text);
    }
}
