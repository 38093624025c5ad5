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

/// <summary>Members, types, shapes and enum values.</summary>
internal sealed partial class SpecBinder
{
    /// <param name="parent">The mapping holding the members.</param>
    /// <param name="key">The key of the members: input, output or members.</param>
    /// <param name="isInput">Whether the members are sent (input and structures) or read (output).</param>
    /// <param name="typeName">The generated class the members become properties of; null when its name is invalid.</param>
    private EquatableArray<MemberSpec> BindMembers(YamlMappingNode parent, string key, bool isInput, string? typeName)
    {
        var node = Find(parent, key);
        if (node is null)
        {
            return EquatableArray<MemberSpec>.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            Report(WrongValueType, Locate(node), key, "a mapping of member names to members", Describe(node));
            return EquatableArray<MemberSpec>.Empty;
        }

        var members = new List<MemberSpec>();
        foreach (var entry in mapping.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (BindMember(entry.Key, entry.Value, key, isInput) is not { } member)
            {
                continue;
            }

            var property = Names.ToPascalCase(member.Key);
            if (members.Any(m => Names.ToPascalCase(m.Key) == property))
            {
                Report(DuplicateName, member.Location, "member", property, $" in '{key}'");
                continue;
            }

            // A property cannot share its class's name (CS0542) and should not hide object's members (CS0108).
            if (property == typeName || Array.IndexOf(ObjectMemberNames, property) >= 0)
            {
                var clash = property == typeName ? $"it is also the name of the generated class '{typeName}'" : $"every C# object has a member '{property}'";
                Report(DuplicateName, member.Location, "member", property, $" ({clash}; use another key and keep the wire name with 'name: {member.WireName}')");
                continue;
            }

            if (key is "input" or "output")
            {
                CheckBinding(member, isInput);
            }

            members.Add(member);
        }

        var payloads = members.Where(m => m.Binding == MemberBinding.Payload).ToList();
        if (payloads.Count > 1)
        {
            Report(BindingNotAllowed, payloads[1].Location, payloads[1].Key, "payload", $"in '{key}'", "Only one member can be the payload.");
        }
        else if (payloads.Count == 1 && members.FirstOrDefault(m => m.Binding == MemberBinding.Body) is { } body)
        {
            Report(BindingNotAllowed, body.Location, body.Key, "body", $"in '{key}'", $"Member '{payloads[0].Key}' is already the whole payload; bind this member to a header or query instead.");
        }

        return members.ToEquatableArray();
    }

    private void CheckBinding(MemberSpec member, bool isInput)
    {
        var context = isInput ? "in 'input'" : "in 'output'";
        var allowed = member.Binding switch
        {
            MemberBinding.Label or MemberBinding.Query => isInput,
            MemberBinding.StatusCode => !isInput,
            _ => true,
        };
        if (!allowed)
        {
            Report(BindingNotAllowed, member.Location, member.Key, BindingName(member.Binding), context,
                isInput ? "Input members can be in: body, label, query, header or payload." : "Output members can be in: body, header, status or payload.");
            return;
        }

        var type = member.Type;
        var scalar = type.Kind is not (TypeKind.List or TypeKind.Map or TypeKind.Document or TypeKind.Blob);
        var ok = member.Binding switch
        {
            MemberBinding.Label or MemberBinding.Header => scalar,
            MemberBinding.Query => scalar || (type.Kind == TypeKind.List && type.Element!.Kind is not (TypeKind.List or TypeKind.Map or TypeKind.Document or TypeKind.Blob)),
            MemberBinding.StatusCode => type.Kind == TypeKind.Integer,
            MemberBinding.Payload => type.Kind is TypeKind.String or TypeKind.Blob or TypeKind.Document or TypeKind.Named,
            _ => true,
        };
        if (!ok)
        {
            Report(BindingNotAllowed, member.TypeLocation, member.Key, BindingName(member.Binding), $"with type '{type}'",
                member.Binding switch
                {
                    MemberBinding.StatusCode => "The status code member must have type integer.",
                    MemberBinding.Payload => "A payload must be string, blob, document or a structure.",
                    MemberBinding.Query => "Query members must be scalars or lists of scalars.",
                    _ => "Labels and headers must be scalars (string, boolean, integer, long, double, timestamp or an enum).",
                });
        }
    }

    /// <param name="keyNode">The member's key.</param>
    /// <param name="value">The member's value: a type or a mapping.</param>
    /// <param name="context">The key holding the members: input, output or members (a structure).</param>
    /// <param name="isInput">Whether the member is sent (input and structures) or read (output).</param>
    private MemberSpec? BindMember(YamlNode keyNode, YamlNode value, string context, bool isInput)
    {
        var key = Scalar(keyNode);
        if (key is null || !CheckIdentifier(key, keyNode, "member name", Names.ToPascalCase(key)))
        {
            return null;
        }

        // Shorthand: "status: string".
        if (value is YamlScalarNode shorthand)
        {
            var shortType = ParseType(shorthand.Value ?? string.Empty, shorthand);
            return shortType is null ? null : new MemberSpec(key, key, MemberBinding.Body, shortType, false, null, null, null, null, null, null, Locate(keyNode), Locate(shorthand));
        }

        if (value is not YamlMappingNode mapping)
        {
            Report(WrongValueType, Locate(value), key, "a mapping with at least 'type'", Describe(value));
            return null;
        }

        CheckKeys(mapping, $"member '{key}'", MemberKeys);
        var typeText = RequiredString(mapping, "type", $"Member '{key}'", "string");
        var typeNode = Find(mapping, "type");
        var type = typeText is null ? null : ParseType(typeText, typeNode!);

        if (!TryReadChoice(mapping, "in", Bindings, MemberBinding.Body, out var binding) ||
            !TryReadChoice(mapping, "timestampFormat", TimestampFormats, null, out var timestampFormat))
        {
            return null;
        }

        if (context == "members" && binding != MemberBinding.Body)
        {
            // A structure is one JSON object: a header or status binding there would silently become a JSON key (or not compile).
            Report(BindingNotAllowed, Locate(Find(mapping, "in")!), key, BindingName(binding), "in a structure",
                "A structure's members are always keys of its JSON object: remove 'in', or move the member to the operation's 'input' or 'output'.");
            return null;
        }

        var min = OptionalNumber(mapping, "min");
        var max = OptionalNumber(mapping, "max");
        var wireName = OptionalString(mapping, "name") ?? key;
        if (binding == MemberBinding.Header && !IsHeaderName(wireName))
        {
            // Caught here, not as an exception on every call at run time.
            Report(InvalidValue, Locate(Find(mapping, "name") ?? keyNode), wireName, "name", " (an HTTP header name)", "letters, digits and !#$%&'*+-.^_`|~ (no spaces)");
            return null;
        }

        if (binding == MemberBinding.Query && wireName.Length == 0)
        {
            Report(InvalidValue, Locate(Find(mapping, "name")!), wireName, "name", " (a query parameter name)", "any non-empty text");
            return null;
        }

        if (type is null)
        {
            return null;
        }

        CheckKeysApply(mapping, key, type, binding, isInput);
        var required = OptionalBool(mapping, "required");
        if (binding == MemberBinding.Label && required != true)
        {
            Report(MissingKey, Locate(keyNode), $"Label member '{key}' (a label is always part of the path)", "required", "true");
        }

        return new MemberSpec(key, wireName, binding, type, required ?? false, OptionalString(mapping, "doc"),
            OptionalString(mapping, "default"), min, max, timestampFormat, OptionalString(mapping, "contentType"), Locate(keyNode), Locate(typeNode!));
    }

    /// <summary>A key that would be silently ignored is an error: the spec says something the client would not do.</summary>
    private void CheckKeysApply(YamlMappingNode mapping, string key, TypeSpec type, MemberBinding binding, bool isInput)
    {
        var ranged = type.Kind is TypeKind.Integer or TypeKind.Long or TypeKind.Double or TypeKind.String or TypeKind.Blob or TypeKind.List or TypeKind.Map;
        foreach (var rangeKey in new[] { "min", "max" })
        {
            if (KeyNode(mapping, rangeKey) is not { } node)
            {
                continue;
            }

            if (!ranged)
            {
                Report(KeyHasNoEffect, Locate(node), rangeKey, key, $"of type '{type}'",
                    "Ranges apply to integer, long and double values, and to the length of string, blob, list and map members. Remove it.");
            }
            else if (!isInput)
            {
                // Ranges are checked before a request is sent; a response is read as the service sent it.
                Report(KeyHasNoEffect, Locate(node), rangeKey, key, "in 'output'",
                    "Ranges are checked only on values the client sends (input and structure members); responses are not checked. Remove it.");
            }
        }

        if (type.Kind != TypeKind.Timestamp && !(type.Kind is TypeKind.List or TypeKind.Map && type.Element!.Kind == TypeKind.Timestamp) &&
            KeyNode(mapping, "timestampFormat") is { } formatNode)
        {
            Report(KeyHasNoEffect, Locate(formatNode), "timestampFormat", key, $"of type '{type}'", "Only timestamp members have a format. Remove it.");
        }

        if (binding != MemberBinding.Payload && KeyNode(mapping, "contentType") is { } contentTypeNode)
        {
            Report(KeyHasNoEffect, Locate(contentTypeNode), "contentType", key, $"bound 'in: {BindingName(binding)}'",
                "Only a payload member has a content type. Remove it, or bind the member with 'in: payload'.");
        }
    }

    private TypeSpec? ParseType(string text, YamlNode node)
    {
        text = text.Trim();
        if (TryGeneric(text, "list", out var inner))
        {
            var element = ParseType(inner, node);
            return element is null ? null : new TypeSpec(TypeKind.List, element, null);
        }

        if (TryGeneric(text, "map", out inner))
        {
            // map<V> or map<string, V>: keys are always strings in JSON. Only a comma outside nested <...> separates
            // the key from the value (map<map<string, long>> has none).
            var comma = TopLevelComma(inner);
            if (comma >= 0)
            {
                var keyType = inner.Substring(0, comma).Trim();
                if (keyType != "string")
                {
                    Report(InvalidValue, Locate(node), text, "type", " (map keys are always strings)", "map<ValueType> or map<string, ValueType>");
                    return null;
                }

                inner = inner.Substring(comma + 1);
            }

            var element = ParseType(inner, node);
            return element is null ? null : new TypeSpec(TypeKind.Map, element, null);
        }

        if (BuiltInTypes.TryGetValue(text, out var kind))
        {
            return TypeSpec.Scalar(kind);
        }

        if (Names.IsValidIdentifier(text) && char.IsUpper(text[0]))
        {
            return new TypeSpec(TypeKind.Named, null, text);
        }

        var candidates = BuiltInTypes.Keys.Concat(new[] { "list<T>", "map<T>" }).ToArray();
        Report(InvalidValue, Locate(node), text, "type", Names.DidYouMean(text, BuiltInTypes.Keys), string.Join(", ", candidates) + " or the PascalCase name of a shape");
        return null;
    }

    private static int TopLevelComma(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    depth--;
                    break;
                case ',' when depth == 0:
                    return i;
            }
        }

        return -1;
    }

    private static bool TryGeneric(string text, string name, out string inner)
    {
        inner = string.Empty;
        if (text.StartsWith(name + "<", StringComparison.Ordinal) && text.EndsWith(">", StringComparison.Ordinal))
        {
            inner = text.Substring(name.Length + 1, text.Length - name.Length - 2);
            return true;
        }

        return false;
    }

    private EquatableArray<ShapeSpec> BindShapes(YamlMappingNode root)
    {
        if (FindMapping(root, "shapes") is not { } shapesNode)
        {
            return EquatableArray<ShapeSpec>.Empty;
        }

        var shapes = new List<ShapeSpec>();
        foreach (var entry in shapesNode.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var name = Scalar(entry.Key);
            if (name is null || !CheckIdentifier(name, entry.Key, "shape name", name))
            {
                continue;
            }

            if (entry.Value is not YamlMappingNode mapping)
            {
                Report(WrongValueType, Locate(entry.Value), name, "a mapping with 'type: structure' or 'type: enum'", Describe(entry.Value));
                continue;
            }

            CheckKeys(mapping, $"shape '{name}'", ShapeKeys);
            var type = RequiredString(mapping, "type", $"Shape '{name}'", "structure");
            if (type is not null and not ("structure" or "enum"))
            {
                Report(InvalidValue, Locate(Find(mapping, "type")!), type, "type", Names.DidYouMean(type, new[] { "structure", "enum" }), "structure, enum");
                continue;
            }

            if (type is null)
            {
                continue;
            }

            var isEnum = type == "enum";
            if (isEnum && Array.IndexOf(EnumTypeClashes, name) >= 0)
            {
                Report(DuplicateName, Locate(entry.Key), "shape", name, $" (every generated enum has a member '{name}')");
                continue;
            }

            var members = isEnum ? EquatableArray<MemberSpec>.Empty : BindMembers(mapping, "members", isInput: true, name);
            var values = isEnum ? BindEnumValues(mapping, name) : EquatableArray<EnumValueSpec>.Empty;
            shapes.Add(new ShapeSpec(name, isEnum, OptionalString(mapping, "doc"), members, values, Locate(entry.Key)));
        }

        return shapes.ToEquatableArray();
    }

    private EquatableArray<EnumValueSpec> BindEnumValues(YamlMappingNode shape, string shapeName)
    {
        if (FindMapping(shape, "values") is not { } valuesNode)
        {
            Report(MissingKey, Locate(shape), $"Enum '{shapeName}'", "values", "{ Name: WIRE_VALUE }");
            return EquatableArray<EnumValueSpec>.Empty;
        }

        var values = new List<EnumValueSpec>();
        foreach (var entry in valuesNode.Children)
        {
            var name = Scalar(entry.Key);
            if (name is null || !CheckIdentifier(name, entry.Key, "enum value name", name))
            {
                continue;
            }

            if (name == shapeName || Array.IndexOf(EnumMemberNames, name) >= 0)
            {
                var clash = name == shapeName ? $"it is also the name of the enum '{shapeName}'" : $"every generated enum has a member '{name}'";
                Report(DuplicateName, Locate(entry.Key), "enum value", name, $" ({clash}; use another name, the wire value can stay)");
                continue;
            }

            string? wire;
            string? doc = null;
            if (entry.Value is YamlMappingNode valueMapping)
            {
                CheckKeys(valueMapping, $"enum value '{name}'", EnumValueKeys);
                wire = RequiredString(valueMapping, "value", $"Enum value '{name}'", name.ToUpperInvariant());
                doc = OptionalString(valueMapping, "doc");
            }
            else
            {
                wire = Scalar(entry.Value);
            }

            if (wire is not null)
            {
                values.Add(new EnumValueSpec(name, wire, doc, Locate(entry.Key)));
            }
        }

        return values.ToEquatableArray();
    }
}
