using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Neptune.CodeGen.Binding;
using Neptune.CodeGen.Model;
using static Neptune.CodeGen.Diagnostics.DiagnosticDescriptors;

namespace Neptune.CodeGen.Linking;

/// <summary>The linker's output: the files to emit, and the cross-file diagnostics.</summary>
internal sealed record LinkResult(EquatableArray<EmitUnit> Units, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Joins the bound spec files: assigns each operation to its service (the nearest service spec in its folder or a parent),
/// checks names across files (errors, shapes, duplicate operations) and produces position-free emit units.
/// </summary>
internal static class SpecLinker
{
    public static LinkResult Link(ImmutableArray<SpecFile> files, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var units = new List<EmitUnit>();

        // Deterministic order, whatever order the host hands the files in.
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var services = new List<(SpecFile File, ServiceSpec Spec)>();
        foreach (var file in ordered.Where(f => f.Service is not null))
        {
            var clash = services.FirstOrDefault(s => string.Equals(s.File.Directory, file.Directory, StringComparison.Ordinal));
            if (clash.Spec is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(AmbiguousService, file.Service!.Location, file.Path, clash.File.Path));
                continue;
            }

            var sameName = services.FirstOrDefault(s => s.Spec.Name == file.Service!.Name && s.Spec.Namespace == file.Service.Namespace);
            if (sameName.Spec is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, file.Service!.Location, "service", file.Service.Name, $" (also in {sameName.File.Path})"));
                continue;
            }

            services.Add((file, file.Service!));
        }

        var operationsByService = services.ToDictionary(s => s.Spec, _ => new List<(SpecFile File, OperationSpec Spec)>());
        foreach (var file in ordered.Where(f => f.Operation is not null))
        {
            var owner = services
                .Where(s => IsSameOrParent(s.File.Directory, file.Directory))
                .OrderByDescending(s => s.File.Directory.Length)
                .Select(s => s.Spec)
                .FirstOrDefault();
            if (owner is null)
            {
                // With exactly one service in the project, an operation anywhere belongs to it.
                owner = services.Count == 1 ? services[0].Spec : null;
            }

            if (owner is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(NoService, file.Operation!.Location, file.Operation.Name));
                continue;
            }

            operationsByService[owner].Add((file, file.Operation!));
        }

        foreach (var (serviceFile, service) in services)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The namespace as C# must spell it: a keyword part ('Acme.event.Api') is escaped ('Acme.@event.Api').
            var names = new ServiceNames(service.Name, string.Join(".", service.Namespace.Split('.').Select(Emitting.CSharp.Id)));
            var operations = operationsByService[service];
            var shapes = CollectShapes(service, operations.Select(o => o.Spec), diagnostics);
            CheckTypeNames(names, service, operations.Select(o => o.Spec), shapes, diagnostics);
            var errors = service.Errors.ToDictionary(e => e.Name, e => new ErrorModel(e.Name, e.Name, e.Status, e.Retryable, e.Doc));
            units.Add(new ServiceUnit($"{service.Namespace}.{service.Name}.g.cs", serviceFile.Path, names, service.ApiVersion, service.SigningName, service.Doc,
                service.Errors.Select(e => errors[e.Name]).ToEquatableArray()));

            var shapeModels = shapes.Values.Select(s => ToShapeModel(s, shapes, service, diagnostics)).ToList();
            if (shapeModels.Count > 0)
            {
                units.Add(new ShapesUnit($"{service.Namespace}.{service.Name}-Shapes.g.cs", serviceFile.Path, names, shapeModels.ToEquatableArray()));
            }

            var seen = new Dictionary<string, SpecFile>(StringComparer.Ordinal);
            foreach (var (file, operation) in operations)
            {
                if (seen.TryGetValue(operation.Name, out var first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DuplicateOperation, operation.Location, operation.Name, service.Name, first.Path));
                    continue;
                }

                seen.Add(operation.Name, file);
                var operationErrors = new List<ErrorModel>();
                foreach (var reference in operation.Errors)
                {
                    if (errors.TryGetValue(reference.Name, out var error))
                    {
                        operationErrors.Add(error);
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticInfo.Create(UnknownError, reference.Location, reference.Name, Names.DidYouMean(reference.Name, errors.Keys)));
                    }
                }

                var errorCount = diagnostics.Count;
                var input = operation.Input.Select(m => ToMemberModel(m, shapes, service, diagnostics)).ToEquatableArray();
                var output = operation.Output.Select(m => ToMemberModel(m, shapes, service, diagnostics)).ToEquatableArray();
                if (diagnostics.Count > errorCount)
                {
                    // A member's type did not resolve: emitting would only add follow-on C# errors.
                    continue;
                }

                units.Add(new OperationUnit($"{service.Namespace}.{service.Name}.{operation.Name}.g.cs", file.Path, names, operation.Name, operation.Doc, operation.IamAction,
                    operation.Method, SplitUri(operation.Uri), operation.SuccessCode, operation.Idempotent, operation.Readonly, input, output, operationErrors.ToEquatableArray()));
            }
        }

        return new LinkResult(UniqueHintNames(units).ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Hint names must be unique, and the compiler compares them ignoring case. '.' separates namespace parts as well as
    /// names, so two services can produce the same one ('Acme' + 'X' + operation 'Y' and 'Acme.X' + 'Y'), as can operations
    /// 'Get' and 'get'. Later ones (in path order) get a numeric suffix instead of failing in AddSource.
    /// </summary>
    private static IEnumerable<EmitUnit> UniqueHintNames(List<EmitUnit> units)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var unit in units)
        {
            if (used.Add(unit.HintName))
            {
                yield return unit;
                continue;
            }

            var stem = unit.HintName.Substring(0, unit.HintName.Length - ".g.cs".Length);
            var n = 2;
            while (!used.Add($"{stem}-{n}.g.cs"))
            {
                n++;
            }

            yield return unit with { HintName = $"{stem}-{n}.g.cs" };
        }
    }

    private static bool IsSameOrParent(string parent, string child) =>
        string.Equals(parent, child, StringComparison.Ordinal) ||
        (child.StartsWith(parent, StringComparison.Ordinal) && child.Length > parent.Length && (child[parent.Length] == '/' || child[parent.Length] == '\\'));

    private static Dictionary<string, ShapeSpec> CollectShapes(ServiceSpec service, IEnumerable<OperationSpec> operations, List<DiagnosticInfo> diagnostics)
    {
        var shapes = new Dictionary<string, ShapeSpec>(StringComparer.Ordinal);
        foreach (var shape in service.Shapes.Concat(operations.SelectMany(o => o.Shapes)))
        {
            if (shapes.ContainsKey(shape.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, shape.Location, "shape", shape.Name, $" in service '{service.Name}'"));
                continue;
            }

            shapes.Add(shape.Name, shape);
        }

        return shapes;
    }

    /// <summary>
    /// Errors and shapes become classes in the service's namespace next to the generated ones: a name already taken
    /// (a shape called 'GetWidgetResponse', an error and a shape both called 'Conflict') would not compile (CS0101).
    /// </summary>
    private static void CheckTypeNames(ServiceNames names, ServiceSpec service, IEnumerable<OperationSpec> operations, Dictionary<string, ShapeSpec> shapes, List<DiagnosticInfo> diagnostics)
    {
        var taken = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [names.ClientName] = "the generated client",
            [names.InterfaceName] = "the generated client interface",
            [names.OptionsName] = "the generated client options",
            [names.ExceptionName] = "the generated base exception",
            [names.ErrorsName] = "the generated error map",
            [names.ModelFactoryName] = "the generated model factory",
            [names.ServiceCollectionExtensionsName] = "the generated dependency-injection extensions",
            [names.ServiceName + "JsonShapes"] = "the generated JSON helpers",
        };
        foreach (var operation in operations)
        {
            foreach (var suffix in new[] { "Request", "Response", "Wire" })
            {
                taken[operation.Name + suffix] = $"a class generated for operation '{operation.Name}'";
            }
        }

        foreach (var error in service.Errors)
        {
            if (taken.TryGetValue(error.Name, out var what))
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, error.Location, "type", error.Name, $" in service '{service.Name}' (also {what}; rename the error)"));
            }
            else
            {
                taken[error.Name] = $"the error '{error.Name}'";
            }
        }

        foreach (var shape in shapes.Values)
        {
            if (taken.TryGetValue(shape.Name, out var what))
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, shape.Location, "type", shape.Name, $" in service '{service.Name}' (also {what}; rename the shape)"));
            }
        }
    }

    private static ShapeModel ToShapeModel(ShapeSpec shape, Dictionary<string, ShapeSpec> shapes, ServiceSpec service, List<DiagnosticInfo> diagnostics) =>
        new(shape.Name, shape.IsEnum, shape.Doc,
            shape.Members.Select(m => ToMemberModel(m, shapes, service, diagnostics)).ToEquatableArray(),
            shape.Values.Select(v => new EnumValueModel(v.Name, v.Value, v.Doc)).ToEquatableArray());

    private static MemberModel ToMemberModel(MemberSpec member, Dictionary<string, ShapeSpec> shapes, ServiceSpec service, List<DiagnosticInfo> diagnostics)
    {
        CheckType(member, member.Type, shapes, service, diagnostics);
        var format = member.TimestampFormat ?? member.Binding switch
        {
            MemberBinding.Header => TimestampFormat.HttpDate,
            MemberBinding.Body => TimestampFormat.EpochSeconds,
            _ => TimestampFormat.DateTime,
        };
        return new MemberModel(Names.ToPascalCase(member.Key), member.WireName, member.Binding, Resolve(member.Type, shapes), member.Required, member.Doc,
            member.Default, member.Min, member.Max, format, member.ContentType);
    }

    /// <summary>Marks names that refer to enums, so emitters know they are value types written as strings.</summary>
    private static TypeSpec Resolve(TypeSpec type, Dictionary<string, ShapeSpec> shapes) => type.Kind switch
    {
        TypeKind.List or TypeKind.Map => type with { Element = Resolve(type.Element!, shapes) },
        TypeKind.Named when shapes.TryGetValue(type.Name!, out var shape) && shape.IsEnum => type with { Kind = TypeKind.Enum },
        _ => type,
    };

    private static void CheckType(MemberSpec member, TypeSpec type, Dictionary<string, ShapeSpec> shapes, ServiceSpec service, List<DiagnosticInfo> diagnostics)
    {
        if (type.Element is not null)
        {
            CheckType(member, type.Element, shapes, service, diagnostics);
        }

        if (type.Kind != TypeKind.Named)
        {
            return;
        }

        if (!shapes.TryGetValue(type.Name!, out var shape))
        {
            diagnostics.Add(DiagnosticInfo.Create(UnknownType, member.TypeLocation, type.Name!, service.Name, Names.DidYouMean(type.Name!, shapes.Keys)));
            return;
        }

        var scalarOnly = member.Binding is MemberBinding.Label or MemberBinding.Query or MemberBinding.Header;
        if (scalarOnly && !shape.IsEnum)
        {
            diagnostics.Add(DiagnosticInfo.Create(BindingNotAllowed, member.TypeLocation, member.Key, member.Binding.ToString().ToLowerInvariant(),
                $"with structure type '{shape.Name}'", "Labels, query parameters and headers must be scalars or enums."));
        }
    }

    private static EquatableArray<UriPart> SplitUri(string uri)
    {
        var parts = new List<UriPart>();
        var literal = new System.Text.StringBuilder();
        foreach (var segment in uri.Split('/').Skip(1))
        {
            literal.Append('/');
            if (segment.StartsWith("{", StringComparison.Ordinal))
            {
                parts.Add(new UriPart(literal.ToString(), null));
                literal.Clear();
                parts.Add(new UriPart(string.Empty, segment.Substring(1, segment.Length - 2)));
            }
            else
            {
                literal.Append(segment);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new UriPart(literal.ToString(), null));
        }

        return parts.ToEquatableArray();
    }
}
