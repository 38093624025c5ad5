using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Neptune.CodeGen.Wire.Tests.Support;

/// <summary>Where an input member travels, from its Smithy HTTP binding trait.</summary>
public enum Binding
{
    Body,
    Label,
    Query,
    Header,
    Payload,
    ResponseCode,
}

/// <summary>One member of a Smithy structure, with the traits the wire tests check.</summary>
public sealed record SmithyMember(
    string Name,
    string Target,
    Binding Binding,
    string WireName,
    bool Required,
    long? Min,
    long? Max);

/// <summary>One operation of the model: its <c>smithy.api#http</c> trait and its input members.</summary>
public sealed record SmithyOperation(string Name, string Method, string Uri, IReadOnlyList<SmithyMember> Input, IReadOnlyList<SmithyMember> Output);

/// <summary>
/// Reads the Smithy JSON AST of the Neptune Data API (the model the specs were imported from), so the wire tests take
/// their expectations from the model and not from the generated code.
/// </summary>
public sealed class SmithyModel
{
    private const string Prelude = "smithy.api#";
    private readonly JsonElement _shapes;

    private SmithyModel(JsonElement shapes) => _shapes = shapes;

    /// <summary>The committed model, copied next to the test assembly by the project file.</summary>
    public static SmithyModel Neptune { get; } = Load(Path.Combine(AppContext.BaseDirectory, "Data", "neptunedata.smithy.json"));

    public static SmithyModel Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new SmithyModel(document.RootElement.GetProperty("shapes").Clone());
    }

    public IReadOnlyList<SmithyOperation> Operations =>
        _shapes.EnumerateObject()
            .Where(shape => shape.Value.GetProperty("type").GetString() == "operation")
            .Select(shape => ReadOperation(shape.Name, shape.Value))
            .OrderBy(operation => operation.Name, StringComparer.Ordinal)
            .ToList();

    public SmithyOperation Operation(string name) => Operations.Single(operation => operation.Name == name);

    /// <summary>The shape's type: a prelude name (<c>String</c>, <c>Boolean</c>, ...) or the type of a named shape.</summary>
    public string TypeOf(string target)
    {
        if (target.StartsWith(Prelude, StringComparison.Ordinal))
        {
            return target[Prelude.Length..];
        }

        return Shape(target).GetProperty("type").GetString()!;
    }

    /// <summary>The wire values of an enum shape, in model order.</summary>
    public IReadOnlyList<string> EnumValues(string target) =>
        Shape(target).GetProperty("members").EnumerateObject()
            .Select(member => member.Value.TryGetProperty("traits", out var traits) && traits.TryGetProperty("smithy.api#enumValue", out var value)
                ? value.GetString()!
                : member.Name)
            .ToList();

    /// <summary>The element target of a list shape.</summary>
    public string ListMember(string target) => Shape(target).GetProperty("member").GetProperty("target").GetString()!;

    /// <summary>The value target of a map shape (keys are strings in this model).</summary>
    public string MapValue(string target) => Shape(target).GetProperty("value").GetProperty("target").GetString()!;

    /// <summary>The members of a structure shape.</summary>
    public IReadOnlyList<SmithyMember> Members(string target) =>
        Shape(target).TryGetProperty("members", out var members)
            ? members.EnumerateObject().Select(member => ReadMember(member.Name, member.Value)).ToList()
            : [];

    /// <summary>The range or length bounds on a shape itself (a named integer shape, say).</summary>
    public (long? Min, long? Max) ShapeBounds(string target) =>
        target.StartsWith(Prelude, StringComparison.Ordinal) || !Shape(target).TryGetProperty("traits", out var traits)
            ? (null, null)
            : Bounds(traits);

    private JsonElement Shape(string target) =>
        _shapes.TryGetProperty(target, out var shape)
            ? shape
            : throw new KeyNotFoundException($"The model has no shape '{target}'.");

    private SmithyOperation ReadOperation(string id, JsonElement operation)
    {
        var http = operation.GetProperty("traits").GetProperty("smithy.api#http");
        var input = operation.TryGetProperty("input", out var inputRef) ? inputRef.GetProperty("target").GetString()! : "smithy.api#Unit";
        var output = operation.TryGetProperty("output", out var outputRef) ? outputRef.GetProperty("target").GetString()! : "smithy.api#Unit";
        return new SmithyOperation(
            id[(id.IndexOf('#') + 1)..],
            http.GetProperty("method").GetString()!,
            http.GetProperty("uri").GetString()!,
            input == "smithy.api#Unit" ? [] : Members(input),
            output == "smithy.api#Unit" ? [] : Members(output));
    }

    private SmithyMember ReadMember(string name, JsonElement member)
    {
        var target = member.GetProperty("target").GetString()!;
        var binding = Binding.Body;
        var wireName = name;
        long? min = null, max = null;
        var required = false;
        if (member.TryGetProperty("traits", out var traits))
        {
            if (traits.TryGetProperty("smithy.api#httpLabel", out _))
            {
                binding = Binding.Label;
            }
            else if (traits.TryGetProperty("smithy.api#httpQuery", out var query))
            {
                binding = Binding.Query;
                wireName = query.GetString()!;
            }
            else if (traits.TryGetProperty("smithy.api#httpHeader", out var header))
            {
                binding = Binding.Header;
                wireName = header.GetString()!;
            }
            else if (traits.TryGetProperty("smithy.api#httpPayload", out _))
            {
                binding = Binding.Payload;
            }
            else if (traits.TryGetProperty("smithy.api#httpResponseCode", out _))
            {
                binding = Binding.ResponseCode;
            }
            else if (traits.TryGetProperty("smithy.api#jsonName", out var jsonName))
            {
                wireName = jsonName.GetString()!;
            }

            required = traits.TryGetProperty("smithy.api#required", out _);
            (min, max) = Bounds(traits);
        }

        if (min is null && max is null)
        {
            (min, max) = ShapeBounds(target);
        }

        return new SmithyMember(name, target, binding, wireName, required, min, max);
    }

    private static (long? Min, long? Max) Bounds(JsonElement traits)
    {
        foreach (var name in new[] { "smithy.api#range", "smithy.api#length" })
        {
            if (traits.TryGetProperty(name, out var bounds))
            {
                return (
                    bounds.TryGetProperty("min", out var min) ? (long)min.GetDouble() : null,
                    bounds.TryGetProperty("max", out var max) ? (long)max.GetDouble() : null);
            }
        }

        return (null, null);
    }
}
