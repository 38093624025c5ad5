using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Neptune.CodeGen.Import.Smithy;

/// <summary>A member of a structure, union, enum, list or map: its name, target shape id and traits.</summary>
internal sealed record SmithyMember(string Name, string Target, IReadOnlyDictionary<string, JsonElement> Traits)
{
    public bool Has(string trait) => Traits.ContainsKey(trait);
}

/// <summary>One shape of a Smithy JSON AST. Only the parts the importer reads are kept.</summary>
internal sealed class SmithyShape
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required IReadOnlyDictionary<string, JsonElement> Traits { get; init; }

    /// <summary>Members of a structure, union or enum, in model order.</summary>
    public IReadOnlyList<SmithyMember> Members { get; init; } = Array.Empty<SmithyMember>();

    /// <summary>The element of a list or set.</summary>
    public SmithyMember? Member { get; init; }

    public SmithyMember? Key { get; init; }

    public SmithyMember? Value { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = Array.Empty<string>();

    /// <summary>Operations bound directly (service, resource) and through resource lifecycle properties.</summary>
    public IReadOnlyList<string> Operations { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Resources { get; init; } = Array.Empty<string>();

    public string? Version { get; init; }

    /// <summary>The part of the id after '#': <c>com.example#Widget</c> → <c>Widget</c>.</summary>
    public string Name => SmithyModel.LocalName(Id);

    public bool Has(string trait) => Traits.ContainsKey(trait);
}

/// <summary>A Smithy JSON AST (<c>{"smithy": "2.0", "shapes": {...}}</c>) read with System.Text.Json.</summary>
internal sealed class SmithyModel
{
    private static readonly string[] LifecycleKeys = { "create", "put", "read", "update", "delete", "list" };

    private SmithyModel(Dictionary<string, SmithyShape> shapes) => Shapes = shapes;

    public IReadOnlyDictionary<string, SmithyShape> Shapes { get; }

    public static string LocalName(string shapeId)
    {
        var hash = shapeId.IndexOf('#');
        var name = hash < 0 ? shapeId : shapeId.Substring(hash + 1);
        var dollar = name.IndexOf('$');
        return dollar < 0 ? name : name.Substring(0, dollar);
    }

    public SmithyShape? Find(string id) => Shapes.TryGetValue(id, out var shape) ? shape : null;

    /// <summary>Reads a model file; a file that is not a Smithy JSON AST gives <see cref="InvalidModelException"/>.</summary>
    public static SmithyModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path));
    }

    public static SmithyModel Parse(Stream json, string displayName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidModelException($"{displayName} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("shapes", out var shapesElement) || shapesElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidModelException($"{displayName} is not a Smithy JSON AST: it needs a top-level \"shapes\" object.");
            }

            var shapes = new Dictionary<string, SmithyShape>(StringComparer.Ordinal);
            foreach (var property in shapesElement.EnumerateObject())
            {
                shapes[property.Name] = ReadShape(property.Name, property.Value);
            }

            return new SmithyModel(shapes);
        }
    }

    /// <summary>Every operation of a service, including those bound through its resources, in a stable order.</summary>
    public IReadOnlyList<SmithyShape> OperationsOf(SmithyShape service)
    {
        var found = new SortedDictionary<string, SmithyShape>(StringComparer.Ordinal);
        var seenResources = new HashSet<string>(StringComparer.Ordinal);
        void AddOperations(IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                var operation = Find(id) ?? throw new InvalidModelException($"Operation '{id}' is bound to the service but not defined in the model.");
                found[id] = operation;
            }
        }

        void AddResources(IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                if (!seenResources.Add(id))
                {
                    continue;
                }

                var resource = Find(id) ?? throw new InvalidModelException($"Resource '{id}' is bound to the service but not defined in the model.");
                AddOperations(resource.Operations);
                AddResources(resource.Resources);
            }
        }

        AddOperations(service.Operations);
        AddResources(service.Resources);
        return found.Values.ToList();
    }

    private static SmithyShape ReadShape(string id, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidModelException($"Shape '{id}' has no \"type\".");
        }

        var type = typeElement.GetString()!;
        var operations = Ids(element, "operations").Concat(Ids(element, "collectionOperations")).ToList();
        foreach (var lifecycleKey in LifecycleKeys)
        {
            if (Target(element, lifecycleKey) is { } lifecycle)
            {
                operations.Add(lifecycle);
            }
        }

        return new SmithyShape
        {
            Id = id,
            Type = type,
            Traits = Traits(element),
            Members = element.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Object
                ? members.EnumerateObject().Select(m => ReadMember(id, m.Name, m.Value)).ToList()
                : Array.Empty<SmithyMember>(),
            Member = element.TryGetProperty("member", out var member) ? ReadMember(id, "member", member) : null,
            Key = element.TryGetProperty("key", out var key) ? ReadMember(id, "key", key) : null,
            Value = element.TryGetProperty("value", out var value) ? ReadMember(id, "value", value) : null,
            Input = Target(element, "input"),
            Output = Target(element, "output"),
            Errors = Ids(element, "errors"),
            Operations = operations,
            Resources = Ids(element, "resources"),
            Version = element.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null,
        };
    }

    private static SmithyMember ReadMember(string shapeId, string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("target", out var target) || target.ValueKind != JsonValueKind.String)
        {
            throw new InvalidModelException($"Member '{name}' of shape '{shapeId}' has no \"target\".");
        }

        return new SmithyMember(name, target.GetString()!, Traits(element));
    }

    private static string? Target(JsonElement element, string property) =>
        element.TryGetProperty(property, out var reference) && reference.ValueKind == JsonValueKind.Object
            && reference.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.String
            ? target.GetString()
            : null;

    private static IReadOnlyList<string> Ids(JsonElement element, string property) =>
        element.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("target", out _))
                .Select(e => e.GetProperty("target").GetString()!)
                .ToList()
            : Array.Empty<string>();

    private static IReadOnlyDictionary<string, JsonElement> Traits(JsonElement element)
    {
        var traits = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element.TryGetProperty("traits", out var traitsElement) && traitsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var trait in traitsElement.EnumerateObject())
            {
                // Clone: the document is disposed after loading.
                traits[trait.Name] = trait.Value.Clone();
            }
        }

        return traits;
    }
}

/// <summary>The model file cannot be read as a Smithy JSON AST, or refers to shapes it does not define.</summary>
internal sealed class InvalidModelException(string message) : Exception(message);
