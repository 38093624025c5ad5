using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Neptune.CodeGen.Import.Smithy;

namespace Neptune.CodeGen.Import.Importing;

internal sealed partial class SpecImporter
{
    private static readonly Dictionary<string, string> PreludeTypes = new(StringComparer.Ordinal)
    {
        ["smithy.api#String"] = "string",
        ["smithy.api#Boolean"] = "boolean",
        ["smithy.api#PrimitiveBoolean"] = "boolean",
        ["smithy.api#Integer"] = "integer",
        ["smithy.api#PrimitiveInteger"] = "integer",
        ["smithy.api#Long"] = "long",
        ["smithy.api#PrimitiveLong"] = "long",
        ["smithy.api#Double"] = "double",
        ["smithy.api#PrimitiveDouble"] = "double",
        ["smithy.api#Timestamp"] = "timestamp",
        ["smithy.api#Blob"] = "blob",
        ["smithy.api#Document"] = "document",
    };

    private static readonly string[] SimpleTypes = { "string", "boolean", "integer", "long", "double", "timestamp", "blob", "document" };
    private static readonly string[] HeaderKinds = { "string", "boolean", "integer", "long", "double", "timestamp", "enum" };

    /// <summary>Enum value names the generated struct declares itself.</summary>
    private static readonly string[] ReservedEnumNames = { "Value", "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals" };

    /// <summary>A member's type in spec terms. <see cref="Kind"/> is a simple type, or enum, structure, list or map.</summary>
    private sealed record Resolved(string Type, string Kind, string? ElementKind = null, string? Min = null, string? Max = null,
        string? TimestampFormat = null, string? MediaType = null, string? Doc = null);

    /// <summary>The named shapes one operation uses, by spec name, with the Smithy id each came from.</summary>
    private sealed class ShapeSet(Dictionary<string, ShapeDraft> drafts)
    {
        public Dictionary<string, ShapeDraft> Drafts { get; } = drafts;

        public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);
    }

    private List<MemberDraft> Members(SmithyShape structure, Role role, ShapeSet shapes)
    {
        CheckTraits(structure, null, structure.Traits);
        var members = structure.Members.Select(m => Member(structure, m, role, shapes)).ToList();
        var clash = members.GroupBy(m => Identifiers.PropertyName(m.Key), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new UnsupportedConstructException(structure.Id, clash.Last().Key, $"members {string.Join(" and ", clash.Select(m => m.Key))} would both become the C# property {clash.Key}");
        }

        return members;
    }

    private MemberDraft Member(SmithyShape owner, SmithyMember member, Role role, ShapeSet shapes)
    {
        var handled = new List<string> { Traits.Documentation, Traits.Required, Traits.Default, Traits.JsonName, Traits.Range, Traits.Length, Traits.TimestampFormat };
        handled.AddRange(role switch
        {
            Role.Input => new[] { Traits.HttpLabel, Traits.HttpQuery, Traits.HttpHeader, Traits.HttpPayload },
            Role.Output => new[] { Traits.HttpHeader, Traits.HttpPayload, Traits.HttpResponseCode },
            // HTTP bindings apply only to top-level input and output members; in a nested structure they do nothing.
            _ => new[] { Traits.HttpLabel, Traits.HttpQuery, Traits.HttpHeader, Traits.HttpPayload, Traits.HttpResponseCode },
        });
        CheckTraits(owner, member.Name, member.Traits, handled.ToArray());

        string? binding = null;
        string wireName = member.Name;
        if (role != Role.Structure)
        {
            if (member.Has(Traits.HttpLabel))
            {
                binding = "label";
            }
            else if (member.Has(Traits.HttpQuery))
            {
                binding = "query";
                wireName = member.Traits[Traits.HttpQuery].GetString()!;
            }
            else if (member.Has(Traits.HttpHeader))
            {
                binding = "header";
                wireName = member.Traits[Traits.HttpHeader].GetString()!;
            }
            else if (member.Has(Traits.HttpResponseCode))
            {
                binding = "status";
            }
            else if (member.Has(Traits.HttpPayload))
            {
                binding = "payload";
            }
        }

        if (binding is null && member.Traits.TryGetValue(Traits.JsonName, out var jsonName))
        {
            wireName = jsonName.GetString()!;
        }

        var type = Resolve(member.Target, owner.Id, member.Name, shapes, nested: false);
        CheckBinding(owner, member, binding, type);

        var min = type.Min;
        var max = type.Max;
        foreach (var constraint in new[] { Traits.Range, Traits.Length })
        {
            if (member.Traits.TryGetValue(constraint, out var range))
            {
                min = range.TryGetProperty("min", out var minValue) ? Number(minValue) : min;
                max = range.TryGetProperty("max", out var maxValue) ? Number(maxValue) : max;
            }
        }

        if (role == Role.Output)
        {
            // Responses are read as the service sends them: the generator rejects a range on an output member (NCG0018,
            // "has no effect"), so the import leaves it out (docs/importer.md says so).
            (min, max) = (null, null);
        }

        var timestampFormat = member.Traits.TryGetValue(Traits.TimestampFormat, out var format) ? format.GetString() : type.TimestampFormat;
        return new MemberDraft(
            member.Name,
            type.Type,
            In: binding,
            Name: wireName == member.Name ? null : wireName,
            Required: binding == "label" || member.Has(Traits.Required),
            Default: Default(owner, member),
            Min: min,
            Max: max,
            TimestampFormat: timestampFormat,
            ContentType: binding == "payload" ? type.MediaType : null,
            Doc: Doc(member.Traits) ?? type.Doc);
    }

    private static string? Default(SmithyShape owner, SmithyMember member)
    {
        if (!member.Traits.TryGetValue(Traits.Default, out var value))
        {
            // The prelude's primitive shapes carry a zero default.
            return member.Target switch
            {
                "smithy.api#PrimitiveBoolean" => "false",
                "smithy.api#PrimitiveInteger" or "smithy.api#PrimitiveLong" or "smithy.api#PrimitiveDouble" => "0",
                _ => null,
            };
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => ToText(value),
            _ => throw new UnsupportedConstructException(owner.Id, member.Name, $"the default {value.GetRawText()} is not a single value; spec defaults are scalars"),
        };
    }

    private static void CheckBinding(SmithyShape owner, SmithyMember member, string? binding, Resolved type)
    {
        var ok = binding switch
        {
            "label" or "header" => Array.IndexOf(HeaderKinds, type.Kind) >= 0,
            "query" => Array.IndexOf(HeaderKinds, type.Kind) >= 0 || (type.Kind == "list" && Array.IndexOf(HeaderKinds, type.ElementKind) >= 0),
            "status" => type.Kind == "integer",
            "payload" => type.Kind is "string" or "blob" or "document" or "structure",
            _ => true,
        };
        if (!ok)
        {
            throw new UnsupportedConstructException(owner.Id, member.Name, $"a {type.Type} bound to the {binding} cannot be expressed in the spec format");
        }

        if (binding == "header" && type.MediaType is not null)
        {
            throw new UnsupportedConstructException(owner.Id, member.Name, "a header with a media type is sent base64-encoded, which the spec format cannot express");
        }
    }

    private Resolved Resolve(string target, string ownerId, string memberName, ShapeSet shapes, bool nested)
    {
        if (PreludeTypes.TryGetValue(target, out var prelude))
        {
            return new Resolved(prelude, prelude);
        }

        if (target.StartsWith("smithy.api#", StringComparison.Ordinal))
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"the type {target} has no spec equivalent (spec types: {string.Join(", ", SimpleTypes)})");
        }

        var shape = Shape(target);
        switch (shape.Type)
        {
            case "string" when shape.Has(Traits.Enum):
                return new Resolved(EnsureShape(shape, shapes), "enum", Doc: null);
            case "enum":
                return new Resolved(EnsureShape(shape, shapes), "enum");
            case "structure" when shape.Has(Traits.Error):
                throw new UnsupportedConstructException(ownerId, memberName, $"the error structure {shape.Name} is used as a member type");
            case "structure":
                return new Resolved(EnsureShape(shape, shapes), "structure");
            case "list" or "set":
                return ResolveList(shape, ownerId, memberName, shapes, nested);
            case "map":
                return ResolveMap(shape, ownerId, memberName, shapes, nested);
            case "union":
                throw new UnsupportedConstructException(ownerId, memberName, $"the union {shape.Name} has no spec equivalent");
            case var simple when Array.IndexOf(SimpleTypes, simple) >= 0:
                return ResolveSimple(shape, ownerId, memberName, nested);
            default:
                throw new UnsupportedConstructException(ownerId, memberName, $"the {shape.Type} shape {shape.Name} has no spec equivalent (spec types: {string.Join(", ", SimpleTypes)}, enums, lists, string-keyed maps, structures)");
        }
    }

    private static Resolved ResolveSimple(SmithyShape shape, string ownerId, string memberName, bool nested)
    {
        CheckTargetTraits(shape, ownerId, memberName, Traits.Range, Traits.Length, Traits.TimestampFormat, Traits.MediaType);
        string? min = null, max = null;
        foreach (var constraint in new[] { Traits.Range, Traits.Length })
        {
            if (shape.Traits.TryGetValue(constraint, out var range))
            {
                min = range.TryGetProperty("min", out var minValue) ? Number(minValue) : min;
                max = range.TryGetProperty("max", out var maxValue) ? Number(maxValue) : max;
            }
        }

        var format = shape.Traits.TryGetValue(Traits.TimestampFormat, out var f) ? f.GetString() : null;
        if (nested && (min is not null || max is not null || format is not null))
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"{shape.Name} has a range, length or timestamp format, which the spec format cannot put on a list element or map value");
        }

        var mediaType = shape.Traits.TryGetValue(Traits.MediaType, out var media) ? media.GetString() : null;
        return new Resolved(shape.Type, shape.Type, Min: min, Max: max, TimestampFormat: format, MediaType: mediaType, Doc: Doc(shape.Traits));
    }

    private Resolved ResolveList(SmithyShape shape, string ownerId, string memberName, ShapeSet shapes, bool nested)
    {
        CheckTargetTraits(shape, ownerId, memberName, Traits.Length, Traits.UniqueItems);
        var element = shape.Member ?? throw new InvalidModelException($"List '{shape.Id}' has no member.");
        CheckTraits(shape, "member", element.Traits);
        var item = Resolve(element.Target, shape.Id, "member", shapes, nested: true);
        if ((shape.Type == "set" || shape.Has(Traits.UniqueItems)) && item.Kind is "structure" or "list" or "map" or "document")
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"{shape.Name} is a set of {item.Type} values; the spec format has sets only as lists of simple values");
        }

        var (min, max) = Length(shape);
        if (nested && (min is not null || max is not null))
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"{shape.Name} has a length constraint, which the spec format cannot put on a list element or map value");
        }

        return new Resolved($"list<{item.Type}>", "list", ElementKind: item.Kind, Min: min, Max: max, Doc: Doc(shape.Traits));
    }

    private Resolved ResolveMap(SmithyShape shape, string ownerId, string memberName, ShapeSet shapes, bool nested)
    {
        CheckTargetTraits(shape, ownerId, memberName, Traits.Length);
        var keyMember = shape.Key ?? throw new InvalidModelException($"Map '{shape.Id}' has no key.");
        var valueMember = shape.Value ?? throw new InvalidModelException($"Map '{shape.Id}' has no value.");
        CheckTraits(shape, "key", keyMember.Traits);
        CheckTraits(shape, "value", valueMember.Traits);
        var key = Resolve(keyMember.Target, shape.Id, "key", shapes, nested: true);
        if (key.Kind != "string")
        {
            throw new UnsupportedConstructException(shape.Id, "key", $"map keys of type {key.Type} have no spec equivalent: spec map keys are plain strings");
        }

        var value = Resolve(valueMember.Target, shape.Id, "value", shapes, nested: true);
        var (min, max) = Length(shape);
        if (nested && (min is not null || max is not null))
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"{shape.Name} has a length constraint, which the spec format cannot put on a list element or map value");
        }

        return new Resolved($"map<{value.Type}>", "map", ElementKind: value.Kind, Min: min, Max: max, Doc: Doc(shape.Traits));
    }

    /// <summary>Like CheckTraits for the shape a member targets: the message names the member and the target shape.</summary>
    private static void CheckTargetTraits(SmithyShape shape, string ownerId, string memberName, params string[] handled)
    {
        try
        {
            CheckTraits(shape, null, shape.Traits, handled);
        }
        catch (UnsupportedConstructException e)
        {
            throw new UnsupportedConstructException(ownerId, memberName, $"its type {shape.Name}: {e.Message.Substring(e.ShapeId.Length + 2)}");
        }
    }

    private static (string? Min, string? Max) Length(SmithyShape shape) =>
        shape.Traits.TryGetValue(Traits.Length, out var length)
            ? (length.TryGetProperty("min", out var min) ? Number(min) : null, length.TryGetProperty("max", out var max) ? Number(max) : null)
            : (null, null);

    /// <summary>Adds a named structure or enum (and, for a structure, the shapes it uses) to the operation's set; returns its spec name.</summary>
    private string EnsureShape(SmithyShape shape, ShapeSet shapes)
    {
        var name = Identifiers.PropertyName(shape.Name);
        if (shapes.Ids.TryGetValue(name, out var existing))
        {
            if (existing != shape.Id)
            {
                throw new UnsupportedConstructException(shape.Id, null, $"it and {existing} would both be the spec shape {name}");
            }

            return name;
        }

        shapes.Ids[name] = shape.Id; // before the members, so a recursive structure ends here
        shapes.Drafts[name] = shape.Type == "structure"
            ? new ShapeDraft(name, false, Doc(shape.Traits), Members(shape, Role.Structure, shapes), Array.Empty<EnumValueDraft>(), shape.Id)
            : new ShapeDraft(name, true, Doc(shape.Traits), Array.Empty<MemberDraft>(), EnumValues(shape), shape.Id);
        return name;
    }

    private static IReadOnlyList<EnumValueDraft> EnumValues(SmithyShape shape)
    {
        var values = new List<EnumValueDraft>();
        if (shape.Type == "enum")
        {
            CheckTraits(shape, null, shape.Traits);
            foreach (var member in shape.Members)
            {
                CheckTraits(shape, member.Name, member.Traits, Traits.EnumValue);
                var wire = member.Traits.TryGetValue(Traits.EnumValue, out var v) ? v.GetString()! : member.Name;
                values.Add(new EnumValueDraft(Identifiers.ToPascalIdentifier(member.Name), wire, Doc(member.Traits)));
            }
        }
        else
        {
            // Smithy 1.0: a string shape with an enum trait listing { value, name?, documentation? }.
            CheckTraits(shape, null, shape.Traits, Traits.Enum);
            foreach (var entry in shape.Traits[Traits.Enum].EnumerateArray())
            {
                var wire = entry.GetProperty("value").GetString()!;
                var name = entry.TryGetProperty("name", out var n) ? n.GetString()! : wire;
                var doc = entry.TryGetProperty("documentation", out var d) ? Docs.DocText.FromHtml(d.GetString()!) : null;
                values.Add(new EnumValueDraft(Identifiers.ToPascalIdentifier(name), wire, doc));
            }
        }

        foreach (var value in values)
        {
            if (value.Name.Length == 0 || Array.IndexOf(ReservedEnumNames, value.Name) >= 0 || value.Name == Identifiers.PropertyName(shape.Name))
            {
                throw new UnsupportedConstructException(shape.Id, value.Value, $"the enum value '{value.Value}' has no usable C# name ('{value.Name}' is empty or taken by the generated enum struct)");
            }
        }

        var clash = values.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new UnsupportedConstructException(shape.Id, clash.Last().Value, $"the values {string.Join(" and ", clash.Select(v => v.Value))} would both be named {clash.Key}");
        }

        return values;
    }
}
