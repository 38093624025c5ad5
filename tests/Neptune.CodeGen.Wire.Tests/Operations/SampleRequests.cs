using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Neptune.CodeGen.Wire.Tests.Support;

namespace Neptune.CodeGen.Wire.Tests.Operations;

/// <summary>A request member's sample value: what the test sets on the C# object, and how the model says it travels.</summary>
public sealed record SampleValue(SmithyMember Member, object Value, JsonNode? Json, IReadOnlyList<string> Texts);

/// <summary>
/// Fills a generated request object from the Smithy model: every input member gets a value that is valid for its
/// type and range, distinct from the others, and (for strings) hostile to the binding it travels in. The expected wire
/// form of each value comes from the model, never from the generated code.
/// </summary>
public sealed class SampleRequests(SmithyModel model)
{
    /// <summary>A label value that only survives as one path segment if every reserved byte is percent-encoded.</summary>
    public const string HostileLabel = "a/b ?#%é..";

    public (object Request, IReadOnlyList<SampleValue> Values) Build(SmithyOperation operation, Type requestType, bool requiredOnly = false)
    {
        var request = Activator.CreateInstance(requestType)
            ?? throw new InvalidOperationException($"Cannot create {requestType.Name}.");
        var values = new List<SampleValue>();
        foreach (var member in operation.Input.Where(member => member.Required || !requiredOnly))
        {
            var property = Property(requestType, member);
            var (value, json) = Sample(member, member.Target, property.PropertyType, member.Binding);
            property.SetValue(request, value);
            values.Add(new SampleValue(member, value, json, Texts(json)));
        }

        return (request, values);
    }

    /// <summary>The C# property of a member: the PascalCase of its Smithy name (the fixed naming rule of the client).</summary>
    public static PropertyInfo Property(Type type, SmithyMember member)
    {
        var name = char.ToUpperInvariant(member.Name[0]) + member.Name[1..];
        return type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{type.Name} has no property {name} for the model member '{member.Name}'.");
    }

    private (object Value, JsonNode? Json) Sample(SmithyMember member, string target, Type clrType, Binding binding)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        switch (model.TypeOf(target))
        {
            case "String":
                var text = binding switch
                {
                    Binding.Label => HostileLabel,
                    Binding.Header => $"{member.Name}-value 1",
                    Binding.Query => $"{member.Name} &=?é/+",
                    _ => $"{member.Name} \"quoted\" é",
                };
                return (text, JsonValue.Create(text));
            case "Boolean":
                return (true, JsonValue.Create(true));
            case "Integer" or "integer":
                var integer = (int)InRange(member, 7);
                return (integer, JsonValue.Create(integer));
            case "Long" or "long":
                var number = InRange(member, 7_000_000_000L);
                return (number, JsonValue.Create(number));
            case "enum":
                var wire = model.EnumValues(target)[^1];
                return (Activator.CreateInstance(type, wire)!, JsonValue.Create(wire));
            case "list":
                var elementType = type.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
                var array = new JsonArray();
                foreach (var index in new[] { 1, 2 })
                {
                    var (item, itemJson) = Sample(member with { Name = $"{member.Name}{index}" }, model.ListMember(target), elementType, Binding.Body);
                    list.Add(item);
                    array.Add(itemJson);
                }

                return (list, array);
            case "map":
                var valueType = type.GetGenericArguments()[1];
                var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
                var objectJson = new JsonObject();
                foreach (var key in new[] { "key.one", "key two" })
                {
                    var (item, itemJson) = Sample(member with { Name = key }, model.MapValue(target), valueType, Binding.Body);
                    map.Add(key, item);
                    objectJson[key] = itemJson;
                }

                return (map, objectJson);
            case "structure":
                var structure = Activator.CreateInstance(type)!;
                var structureJson = new JsonObject();
                foreach (var nested in model.Members(target))
                {
                    var property = Property(type, nested);
                    var (item, itemJson) = Sample(nested, nested.Target, property.PropertyType, Binding.Body);
                    property.SetValue(structure, item);
                    structureJson[nested.WireName] = itemJson;
                }

                return (structure, structureJson);
            case var other:
                throw new NotSupportedException($"The wire tests have no sample for '{other}' (member {member.Name}).");
        }
    }

    private static long InRange(SmithyMember member, long preferred) =>
        Math.Min(Math.Max(preferred, member.Min ?? long.MinValue), member.Max ?? long.MaxValue);

    /// <summary>How a scalar (or each item of a list) is written in a path, query or header: as the model's text form.</summary>
    private static IReadOnlyList<string> Texts(JsonNode? json) => json switch
    {
        JsonArray array => array.Select(item => Text(item)).ToList(),
        _ => [Text(json)],
    };

    private static string Text(JsonNode? json) => json switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "true" : "false",
        JsonValue value when value.TryGetValue(out long number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue(out int number) => number.ToString(CultureInfo.InvariantCulture),
        _ => json?.ToJsonString() ?? string.Empty,
    };
}
