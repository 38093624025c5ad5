using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Neptune.CodeGen.Model;
using Neptune.CodeGen.Reading;
using YamlDotNet.RepresentationModel;
using static Neptune.CodeGen.Diagnostics.DiagnosticDescriptors;

namespace Neptune.CodeGen.Binding;

/// <summary>Small readers over YAML nodes; each reports its own diagnostics.</summary>
internal sealed partial class SpecBinder
{
    private void CheckKeys(YamlMappingNode mapping, string context, string[] allowed)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is not null && Array.IndexOf(allowed, name) < 0)
            {
                Report(UnknownKey, Locate(key), name, context, Names.DidYouMean(name, allowed), string.Join(", ", allowed));
            }
        }
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlNode? KeyNode(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key);

    private YamlMappingNode? FindMapping(YamlMappingNode mapping, string key)
    {
        var node = Find(mapping, key);
        if (node is null || node is YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }

        Report(WrongValueType, Locate(node), key, "a mapping", Describe(node));
        return null;
    }

    private string? Scalar(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Report(WrongValueType, Locate(node), "value", "a single value", Describe(node));
        return null;
    }

    private string? OptionalString(YamlMappingNode mapping, string key)
    {
        var node = Find(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Report(WrongValueType, Locate(node), key, "a text value", Describe(node));
        return null;
    }

    private string? RequiredString(YamlMappingNode mapping, string key, string context, string example)
    {
        if (Find(mapping, key) is null)
        {
            Report(MissingKey, Locate(mapping), Capitalize(context), key, example);
            return null;
        }

        var value = OptionalString(mapping, key);
        if (value is not null && value.Trim().Length == 0)
        {
            Report(WrongValueType, Locate(Find(mapping, key)!), key, "a non-empty text value", "an empty value");
            return null;
        }

        return value;
    }

    private string? RequiredIdentifier(YamlMappingNode mapping, string key, string context, string what, string example)
    {
        var value = RequiredString(mapping, key, context, example);
        return value is not null && CheckIdentifier(value, Find(mapping, key)!, what, value) ? value : null;
    }

    private bool CheckIdentifier(string text, YamlNode node, string what, string identifier)
    {
        if (Names.IsValidIdentifier(identifier))
        {
            return true;
        }

        Report(InvalidIdentifier, Locate(node), text, what, identifier);
        return false;
    }

    private bool? OptionalBool(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "true or false", $"'{text}'");
        return null;
    }

    private int? OptionalInt(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "a whole number", $"'{text}'");
        return null;
    }

    private int? RequiredInt(YamlMappingNode mapping, string key, string context, string example)
    {
        if (Find(mapping, key) is null)
        {
            Report(MissingKey, Locate(mapping), Capitalize(context), key, example);
            return null;
        }

        return OptionalInt(mapping, key);
    }

    private string? OptionalNumber(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        // Finite only: the value becomes a C# literal in the generated range check ("Infinity" or "1e999" would not compile).
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number) && !double.IsInfinity(number))
        {
            return text.Trim();
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "a number", $"'{text}'");
        return null;
    }

    private static bool IsPathChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "-._~!$&'()*+,;=:@".IndexOf(c) >= 0;

    /// <summary>An RFC 9110 token: what an HTTP header name may contain.</summary>
    private static bool IsHeaderName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };

    private static string BindingName(MemberBinding binding) => Bindings.First(b => b.Value == binding).Key;

    /// <summary>Reads a key whose value must be one of <paramref name="choices"/>; false (reported) when it is another.</summary>
    private bool TryReadChoice<T>(YamlMappingNode mapping, string key, Dictionary<string, T> choices, T absent, out T value)
    {
        value = absent;
        if (OptionalString(mapping, key) is not { } text)
        {
            return true;
        }

        if (choices.TryGetValue(text, out value!))
        {
            return true;
        }

        Report(InvalidValue, Locate(Find(mapping, key)!), text, key, Names.DidYouMean(text, choices.Keys), string.Join(", ", choices.Keys));
        return false;
    }

    private LocationInfo Locate(YamlNode node) => SpecReader.Locate(_path, _text, node);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}
