using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Neptune.CodeGen.Import.Docs;
using Neptune.CodeGen.Import.Smithy;

namespace Neptune.CodeGen.Import.Importing;

/// <summary>
/// Turns a Smithy model of one restJson1 service into spec drafts: one per operation, plus the service with its error
/// catalog and the shapes several operations share. Every construct is either carried over exactly or reported as
/// <see cref="UnsupportedConstructException"/>.
/// </summary>
internal sealed partial class SpecImporter
{
    private readonly SmithyModel _model;

    private SpecImporter(SmithyModel model) => _model = model;

    /// <summary>Where a structure member sits: in an operation's input or output (HTTP bindings apply) or in a named structure.</summary>
    private enum Role
    {
        Input,
        Output,
        Structure,
    }

    public static ImportResult Import(SmithyModel model, ImportOptions options)
    {
        var importer = new SpecImporter(model);
        return importer.Run(options);
    }

    private ImportResult Run(ImportOptions options)
    {
        var services = _model.Shapes.Values.Where(s => s.Type == "service").ToList();
        if (services.Count != 1)
        {
            throw new InvalidModelException(services.Count == 0
                ? "The model defines no service shape."
                : $"The model defines {services.Count} services ({string.Join(", ", services.Select(s => s.Id).OrderBy(s => s, StringComparer.Ordinal))}); import one service per model file.");
        }

        var service = services[0];
        if (!service.Has(Traits.RestJson1))
        {
            throw new UnsupportedConstructException(service.Id, null, "the service does not use the aws.protocols#restJson1 protocol, the only one the spec format describes");
        }

        var signingName = service.Traits.TryGetValue(Traits.SigV4, out var sigv4) && sigv4.ValueKind == JsonValueKind.Object
            && sigv4.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString()!
            : throw new UnsupportedConstructException(service.Id, null, "the service has no aws.auth#sigv4 trait, so there is no SigV4 signing name");

        var allOperations = _model.OperationsOf(service);
        var selected = SelectOperations(allOperations, options.Operations);
        var warnings = new List<string>();
        var imported = new List<(OperationDraft Draft, Dictionary<string, ShapeDraft> Shapes)>();
        foreach (var operation in selected)
        {
            try
            {
                var shapes = new Dictionary<string, ShapeDraft>(StringComparer.Ordinal);
                imported.Add((ImportOperation(operation, service, shapes), shapes));
            }
            catch (UnsupportedConstructException e) when (options.SkipUnsupported)
            {
                warnings.Add($"Skipped operation {operation.Name}: {e.Message}");
            }
        }

        // A shape used by several imported operations is declared once, in service.yaml; the others stay with their operation.
        var usage = imported.SelectMany(o => o.Shapes.Keys).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shared = new SortedDictionary<string, ShapeDraft>(StringComparer.Ordinal);
        var operations = new List<OperationDraft>();
        foreach (var (draft, shapes) in imported)
        {
            var own = new List<ShapeDraft>();
            foreach (var shape in shapes.Values)
            {
                if (usage[shape.Name] > 1)
                {
                    if (shared.TryGetValue(shape.Name, out var other) && other.SourceId != shape.SourceId)
                    {
                        throw new UnsupportedConstructException(shape.SourceId, null, $"it and {other.SourceId} would both be the spec shape {shape.Name}");
                    }

                    shared[shape.Name] = shape;
                }
                else
                {
                    own.Add(shape);
                }
            }

            operations.Add(draft with { Shapes = own.OrderBy(s => s.Name, StringComparer.Ordinal).ToList() });
        }

        var serviceName = options.ServiceName ?? DefaultServiceName(service);
        var serviceDraft = new ServiceDraft(
            serviceName,
            options.Namespace ?? serviceName,
            service.Version ?? throw new InvalidModelException($"Service '{service.Id}' has no \"version\"."),
            signingName,
            Doc(service.Traits),
            ErrorCatalog(service, allOperations),
            shared.Values.ToList());
        CheckNameClashes(serviceDraft, operations);
        return new ImportResult(serviceDraft, operations.OrderBy(o => o.Name, StringComparer.Ordinal).ToList(), warnings);
    }

    private static IReadOnlyList<SmithyShape> SelectOperations(IReadOnlyList<SmithyShape> all, IReadOnlyCollection<string>? names)
    {
        if (names is null)
        {
            return all;
        }

        var unknown = names.Where(n => all.All(o => o.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidModelException($"The model has no operation named {string.Join(", ", unknown)}. Its operations: {string.Join(", ", all.Select(o => o.Name))}.");
        }

        return all.Where(o => names.Contains(o.Name)).ToList();
    }

    /// <summary>The service title without the vendor prefix ("Amazon NeptuneData" → NeptuneData), else the shape name.</summary>
    private static string DefaultServiceName(SmithyShape service)
    {
        var title = service.Traits.TryGetValue(Traits.Title, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : service.Name;
        foreach (var prefix in new[] { "Amazon ", "AWS " })
        {
            if (title.StartsWith(prefix, StringComparison.Ordinal))
            {
                title = title.Substring(prefix.Length);
            }
        }

        var name = Identifiers.ToPascalIdentifier(title);
        return name.Length == 0 ? service.Name : name;
    }

    private OperationDraft ImportOperation(SmithyShape operation, SmithyShape service, Dictionary<string, ShapeDraft> shapes)
    {
        CheckTraits(operation, null, operation.Traits, Traits.Http, Traits.Idempotent, Traits.Readonly);
        if (!operation.Traits.TryGetValue(Traits.Http, out var http) || http.ValueKind != JsonValueKind.Object)
        {
            throw new UnsupportedConstructException(operation.Id, null, "the operation has no smithy.api#http trait, so it has no method and URI");
        }

        var method = http.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw new InvalidModelException($"{operation.Id}: the http trait has no method.");
        var uri = http.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new InvalidModelException($"{operation.Id}: the http trait has no uri.");
        var code = http.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 200;
        CheckUri(operation, method, uri);

        var input = operation.Input is { } inputId && inputId != "smithy.api#Unit" ? Structure(inputId) : null;
        var output = operation.Output is { } outputId && outputId != "smithy.api#Unit" ? Structure(outputId) : null;
        var set = new ShapeSet(shapes);
        var inputMembers = input is null ? new List<MemberDraft>() : Members(input, Role.Input, set);
        var outputMembers = output is null ? new List<MemberDraft>() : Members(output, Role.Output, set);

        var errors = operation.Errors.Concat(service.Errors)
            .Select(id => ErrorShape(id).Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();

        return new OperationDraft(
            operation.Name,
            Doc(operation.Traits),
            IamAction(operation, service),
            method,
            uri,
            code,
            operation.Has(Traits.Idempotent),
            operation.Has(Traits.Readonly),
            inputMembers,
            outputMembers,
            errors,
            Array.Empty<ShapeDraft>());
    }

    /// <summary>Only a structured IAM trait names the action; prose in the docs is not parsed for it.</summary>
    private static string? IamAction(SmithyShape operation, SmithyShape service)
    {
        string? action = null;
        if (operation.Traits.TryGetValue(Traits.IamAction, out var iam) && iam.ValueKind == JsonValueKind.Object && iam.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
        {
            action = n.GetString();
        }
        else if (operation.Traits.TryGetValue(Traits.IamActionName, out var name) && name.ValueKind == JsonValueKind.String)
        {
            action = name.GetString();
        }

        if (action is null)
        {
            return null;
        }

        var prefix = service.Traits.TryGetValue("aws.api#service", out var api) && api.ValueKind == JsonValueKind.Object
            && api.TryGetProperty("arnNamespace", out var ns) && ns.ValueKind == JsonValueKind.String ? ns.GetString() : null;
        return prefix is null ? action : prefix + ":" + action;
    }

    private static void CheckUri(SmithyShape operation, string method, string uri)
    {
        if (Array.IndexOf(new[] { "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD" }, method) < 0)
        {
            throw new UnsupportedConstructException(operation.Id, null, $"the HTTP method {method} is not one the spec format allows (GET, PUT, POST, DELETE, PATCH, HEAD)");
        }

        if (uri.IndexOf('?') >= 0)
        {
            throw new UnsupportedConstructException(operation.Id, null, $"the URI {uri} has a literal query string, which the spec format cannot express");
        }

        if (uri.IndexOf("+}", StringComparison.Ordinal) >= 0)
        {
            throw new UnsupportedConstructException(operation.Id, null, $"the URI {uri} has a greedy label ({{name+}}); spec labels are whole segments");
        }
    }

    private SmithyShape Structure(string id)
    {
        var shape = Shape(id);
        if (shape.Type != "structure")
        {
            throw new UnsupportedConstructException(id, null, $"an operation input or output must be a structure, not a {shape.Type}");
        }

        return shape;
    }

    private SmithyShape Shape(string id) =>
        _model.Find(id) ?? throw new InvalidModelException($"The model refers to shape '{id}' but does not define it.");

    private SmithyShape ErrorShape(string id)
    {
        var shape = Shape(id);
        if (shape.Type != "structure" || !shape.Has(Traits.Error))
        {
            throw new InvalidModelException($"'{id}' is listed as an error but has no smithy.api#error trait.");
        }

        return shape;
    }

    private IReadOnlyList<ErrorDraft> ErrorCatalog(SmithyShape service, IReadOnlyList<SmithyShape> operations)
    {
        var ids = service.Errors.Concat(operations.SelectMany(o => o.Errors)).Distinct(StringComparer.Ordinal);
        var errors = new List<ErrorDraft>();
        foreach (var id in ids)
        {
            var shape = ErrorShape(id);
            int status;
            if (shape.Traits.TryGetValue(Traits.HttpError, out var httpError) && httpError.ValueKind == JsonValueKind.Number)
            {
                status = httpError.GetInt32();
            }
            else
            {
                // Smithy's rule when httpError is absent: client errors are 400, server errors 500.
                status = shape.Traits[Traits.Error].GetString() == "server" ? 500 : 400;
            }

            errors.Add(new ErrorDraft(shape.Name, status, shape.Has(Traits.Retryable), Doc(shape.Traits)));
        }

        var clash = errors.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new UnsupportedConstructException(service.Id, null, $"two error shapes are both named {clash.Key} (in different namespaces); error codes must be unique");
        }

        return errors.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private static void CheckNameClashes(ServiceDraft service, IReadOnlyList<OperationDraft> operations)
    {
        var shapeNames = service.Shapes.Select(s => s.Name).Concat(operations.SelectMany(o => o.Shapes.Select(s => s.Name)));
        var generated = operations.SelectMany(o => new[] { o.Name + "Request", o.Name + "Response" }).Concat(service.Errors.Select(e => e.Name));
        var clash = shapeNames.Intersect(generated, StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null)
        {
            throw new UnsupportedConstructException(clash, null, $"a shape named {clash} would clash with a generated request, response or exception class of the same name");
        }
    }

    private static string? Doc(IReadOnlyDictionary<string, JsonElement> traits) =>
        traits.TryGetValue(Traits.Documentation, out var doc) && doc.ValueKind == JsonValueKind.String ? DocText.FromHtml(doc.GetString()!) : null;

    /// <summary>Every trait must be documentation, one the importer maps (<paramref name="handled"/>) or one without effect on the wire.</summary>
    private static void CheckTraits(SmithyShape shape, string? member, IReadOnlyDictionary<string, JsonElement> traits, params string[] handled)
    {
        foreach (var trait in traits.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (trait != Traits.Documentation && Array.IndexOf(handled, trait) < 0 && !Traits.HasNoWireEffect(trait))
            {
                throw new UnsupportedConstructException(shape.Id, member, Traits.Explain(trait));
            }
        }
    }

    private static string Number(JsonElement element) => element.ValueKind == JsonValueKind.Number
        ? element.GetRawText()
        : throw new InvalidModelException($"Expected a number in a range or length trait, got {element.GetRawText()}.");

    private static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new InvalidOperationException("not a scalar"),
    };
}
