using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Neptune.CodeGen.Binding;
using Neptune.CodeGen.Model;
using static Neptune.CodeGen.Diagnostics.DiagnosticDescriptors;

namespace Neptune.CodeGen.Linking;

/// <summary>
/// Joins the bound spec files in two parts, so that editing one spec costs one spec's work however many there are:
/// <see cref="Link"/> reads only each file's summary (names, kinds, positions) and builds a small, position-free
/// <see cref="SpecIndex"/> plus the diagnostics that need every file; <see cref="BuildUnit"/> and <see cref="BuildShapes"/>
/// then turn one file (or the service's shapes) into a position-free emit unit, looking only at that file and the index.
/// </summary>
internal static class SpecLinker
{
    private const string ShapesKey = "#shapes";

    /// <summary>What other files need to know about <paramref name="file"/>.</summary>
    public static SpecSummary Summarize(SpecFile file) => file.Kind switch
    {
        SpecFileKind.Service when file.Service is { } service => new SpecSummary(file.Path, file.Directory, service with { Shapes = EquatableArray<ShapeSpec>.Empty },
            null, null, Headers(service.Shapes), ShapesOf(file, service.Shapes)),
        SpecFileKind.Operation when file.Operation is { } operation => new SpecSummary(file.Path, file.Directory, null, operation.Name, operation.Location,
            Headers(operation.Shapes), ShapesOf(file, operation.Shapes)),
        _ => new SpecSummary(file.Path, file.Directory, null, null, null, EquatableArray<ShapeHeader>.Empty, null),
    };

    /// <summary>The shapes <paramref name="file"/> declares, or null when it declares none (most operation files).</summary>
    private static ShapeSource? ShapesOf(SpecFile file, EquatableArray<ShapeSpec> shapes) =>
        shapes.Count == 0 ? null : new ShapeSource(file.Path, file.Directory, file.Service is not null, shapes);

    /// <summary>
    /// Assigns each operation and shape to its service (the nearest service spec in its folder or a parent), checks names
    /// across files (services, operations, shapes, errors against generated class names) and gives every generated file a
    /// unique name.
    /// </summary>
    public static LinkResult Link(ImmutableArray<SpecSummary> files, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();

        // Deterministic order, whatever order the host hands the files in.
        var ordered = files.Where(f => f.Service is not null || f.OperationName is not null).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var services = new List<SpecSummary>();
        var byDirectory = new Dictionary<string, SpecSummary>(StringComparer.Ordinal);
        var byName = new Dictionary<(string, string), SpecSummary>();
        foreach (var file in ordered.Where(f => f.Service is not null))
        {
            var service = file.Service!;
            if (byDirectory.TryGetValue(file.Directory, out var clash))
            {
                diagnostics.Add(DiagnosticInfo.Create(AmbiguousService, service.Location, file.Path, clash.Path));
                continue;
            }

            if (byName.TryGetValue((service.Name, service.Namespace), out var sameName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, service.Location, "service", service.Name, $" (also in {sameName.Path})"));
                continue;
            }

            byDirectory.Add(file.Directory, file);
            byName.Add((service.Name, service.Namespace), file);
            services.Add(file);
        }

        // Which service each operation file and each shape-declaring operation file belongs to, found once per folder.
        var owners = new Dictionary<string, SpecSummary?>(StringComparer.Ordinal);
        var members = services.ToDictionary(s => s.Path, _ => new List<SpecSummary>(), StringComparer.Ordinal);
        foreach (var file in ordered.Where(f => f.OperationName is not null))
        {
            if (!owners.TryGetValue(file.Directory, out var owner))
            {
                owner = SpecIndex.NearestOwner(services, s => s.Directory, file.Directory);
                owners.Add(file.Directory, owner);
            }

            if (owner is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(NoService, file.OperationLocation!, file.OperationName!));
                continue;
            }

            members[owner.Path].Add(file);
        }

        var usedHintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var contexts = new List<ServiceContext>(services.Count);
        foreach (var file in services)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var service = file.Service!;
            var operations = members[file.Path];

            // The namespace as C# must spell it: a keyword part ('Acme.event.Api') is escaped ('Acme.@event.Api').
            var names = new ServiceNames(service.Name, string.Join(".", service.Namespace.Split('.').Select(Emitting.CSharp.Id)));
            var shapes = new Dictionary<string, ShapeHeader>(StringComparer.Ordinal);
            var shapeKinds = new List<ShapeKind>();
            foreach (var shape in file.Shapes.Concat(operations.SelectMany(o => o.Shapes)))
            {
                if (shapes.ContainsKey(shape.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DuplicateName, shape.Location, "shape", shape.Name, $" in service '{service.Name}'"));
                    continue;
                }

                shapes.Add(shape.Name, shape);
                shapeKinds.Add(new ShapeKind(shape.Name, shape.IsEnum));
            }

            CheckTypeNames(names, service, operations, shapes.Values, diagnostics);

            var hintNames = new List<HintName>
            {
                new(file.Path, Unique($"{service.Namespace}.{service.Name}.g.cs", usedHintNames)),
            };
            if (shapes.Count > 0)
            {
                hintNames.Add(new HintName(file.Path + ShapesKey, Unique($"{service.Namespace}.{service.Name}-Shapes.g.cs", usedHintNames)));
            }

            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var operationFiles = new Dictionary<int, string>();
            var fileCount = OperationFiles.FileCount(operations.Select(o => o.OperationName).Distinct(StringComparer.Ordinal).Count());
            foreach (var operation in operations)
            {
                if (seen.TryGetValue(operation.OperationName!, out var first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DuplicateOperation, operation.OperationLocation!, operation.OperationName!, service.Name, first));
                    continue;
                }

                seen.Add(operation.OperationName!, operation.Path);
                var fileIndex = OperationFiles.FileOf(operation.OperationName!, fileCount);
                if (!operationFiles.TryGetValue(fileIndex, out var operationFile))
                {
                    operationFiles.Add(fileIndex, operationFile = Unique(OperationFiles.HintName(service.Namespace, service.Name, fileIndex), usedHintNames));
                }

                hintNames.Add(new HintName(operation.Path, operationFile));
            }

            var errors = service.Errors.Select(e => new ErrorModel(e.Name, e.Name, e.Status, e.Retryable, e.Doc)).ToEquatableArray();
            contexts.Add(new ServiceContext(file.Path, file.Directory, names, errors, shapeKinds.ToEquatableArray(),
                hintNames.ToEquatableArray(), fileCount));
        }

        return new LinkResult(new SpecIndex(contexts.ToEquatableArray()), diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The unit of one spec file: a service's client (<see cref="ServiceUnit"/>) or an operation (<see cref="OperationUnit"/>,
    /// which <see cref="OperationFiles"/> groups with others into a generated file), with the diagnostics only that file can cause (unknown errors and types).
    /// </summary>
    public static UnitResult BuildUnit(SpecFile file, SpecIndex index)
    {
        if (file.Service is { } service)
        {
            // A service that lost to another one (same folder or name) is not in the index, and gets no files.
            var context = index.Services.FirstOrDefault(s => string.Equals(s.Path, file.Path, StringComparison.Ordinal));
            return context is null
                ? new UnitResult(null, EquatableArray<DiagnosticInfo>.Empty)
                : new UnitResult(new ServiceUnit(context.HintNameOf(file.Path)!, file.Path, context.Names, service.ApiVersion, service.SigningName, service.Doc, context.Errors),
                    EquatableArray<DiagnosticInfo>.Empty);
        }

        if (file.Operation is not { } operation)
        {
            return new UnitResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        // Only the file that owns its operation has a hint name (see Link).
        var owner = index.OwnerOf(file.Directory);
        if (owner?.HintNameOf(file.Path) is not { } hintName)
        {
            // No service, or a duplicate: Link reports both.
            return new UnitResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var diagnostics = new List<DiagnosticInfo>();
        var operationErrors = new List<ErrorModel>();
        foreach (var reference in operation.Errors)
        {
            if (owner.TryGetError(reference.Name, out var error))
            {
                operationErrors.Add(error);
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(UnknownError, reference.Location, reference.Name, Names.DidYouMean(reference.Name, owner.ErrorNames)));
            }
        }

        var errorCount = diagnostics.Count;
        var input = operation.Input.Select(m => ToMemberModel(m, owner, diagnostics)).ToEquatableArray();
        var output = operation.Output.Select(m => ToMemberModel(m, owner, diagnostics)).ToEquatableArray();
        if (diagnostics.Count > errorCount)
        {
            // A member's type did not resolve: emitting would only add follow-on C# errors.
            return new UnitResult(null, diagnostics.ToEquatableArray());
        }

        var unit = new OperationUnit(hintName, file.Path, owner.Names, operation.Name, operation.Doc, operation.IamAction,
            operation.Method, SplitUri(operation.Uri), operation.SuccessCode, operation.Idempotent, operation.Readonly, input, output, operationErrors.ToEquatableArray(),
            owner.OperationFileCount);
        return new UnitResult(unit, diagnostics.ToEquatableArray());
    }

    /// <summary>Each service's shapes file, from the shapes every file declares (service spec first, then operations in path order).</summary>
    public static ImmutableArray<UnitResult> BuildShapes(ImmutableArray<SpecSummary> files, SpecIndex index, CancellationToken cancellationToken)
    {
        var byService = new Dictionary<string, List<ShapeSource>>(StringComparer.Ordinal);
        foreach (var source in files.Select(f => f.Declared).OfType<ShapeSource>().OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var owner = index.OwnerOf(source.Directory);
            if (owner is null || (source.IsServiceSpec && !string.Equals(source.Path, owner.Path, StringComparison.Ordinal)))
            {
                // No service, or a service spec that lost to another one in its folder (Link reports both).
                continue;
            }

            if (!byService.TryGetValue(owner.Path, out var list))
            {
                byService.Add(owner.Path, list = new List<ShapeSource>());
            }

            // The service spec's own shapes come first, as they win over a duplicate declared in an operation.
            if (string.Equals(source.Path, owner.Path, StringComparison.Ordinal))
            {
                list.Insert(0, source);
            }
            else
            {
                list.Add(source);
            }
        }

        var results = ImmutableArray.CreateBuilder<UnitResult>();
        foreach (var service in index.Services)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!byService.TryGetValue(service.Path, out var list) || service.HintNameOf(service.Path + ShapesKey) is not { } hintName)
            {
                continue;
            }

            var diagnostics = new List<DiagnosticInfo>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var models = new List<ShapeModel>();
            foreach (var shape in list.SelectMany(s => s.Shapes))
            {
                // Duplicates are reported by Link; the first declaration is the one generated.
                if (taken.Add(shape.Name))
                {
                    models.Add(new ShapeModel(shape.Name, shape.IsEnum, shape.Doc,
                        shape.Members.Select(m => ToMemberModel(m, service, diagnostics)).ToEquatableArray(),
                        shape.Values.Select(v => new EnumValueModel(v.Name, v.Value, v.Doc)).ToEquatableArray()));
                }
            }

            results.Add(new UnitResult(new ShapesUnit(hintName, service.Path, service.Names, models.ToEquatableArray()), diagnostics.ToEquatableArray()));
        }

        return results.ToImmutable();
    }

    private static EquatableArray<ShapeHeader> Headers(EquatableArray<ShapeSpec> shapes) =>
        shapes.Count == 0 ? EquatableArray<ShapeHeader>.Empty : shapes.Select(s => new ShapeHeader(s.Name, s.IsEnum, s.Location)).ToEquatableArray();

    /// <summary>
    /// Hint names must be unique, and the compiler compares them ignoring case. '.' separates namespace parts as well as
    /// names, so two services can produce the same one (service 'Y' in 'Acme.X' and service 'X.Y' in 'Acme', or 'Y' and
    /// 'y' in 'Acme.X'). Later ones (in path order) get a numeric suffix instead of failing in AddSource.
    /// </summary>
    private static string Unique(string hintName, HashSet<string> used)
    {
        if (used.Add(hintName))
        {
            return hintName;
        }

        var stem = hintName.Substring(0, hintName.Length - ".g.cs".Length);
        var n = 2;
        while (!used.Add($"{stem}-{n}.g.cs"))
        {
            n++;
        }

        return $"{stem}-{n}.g.cs";
    }

    /// <summary>
    /// Errors and shapes become classes in the service's namespace next to the generated ones: a name already taken
    /// (a shape called 'GetWidgetResponse', an error and a shape both called 'Conflict') would not compile (CS0101).
    /// </summary>
    private static void CheckTypeNames(ServiceNames names, ServiceSpec service, List<SpecSummary> operations, IEnumerable<ShapeHeader> shapes, List<DiagnosticInfo> diagnostics)
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
                taken[operation.OperationName + suffix] = $"a class generated for operation '{operation.OperationName}'";
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

        foreach (var shape in shapes)
        {
            if (taken.TryGetValue(shape.Name, out var what))
            {
                diagnostics.Add(DiagnosticInfo.Create(DuplicateName, shape.Location, "type", shape.Name, $" in service '{service.Name}' (also {what}; rename the shape)"));
            }
        }
    }

    private static MemberModel ToMemberModel(MemberSpec member, ServiceContext service, List<DiagnosticInfo> diagnostics)
    {
        CheckType(member, member.Type, service, diagnostics);
        var format = member.TimestampFormat ?? member.Binding switch
        {
            MemberBinding.Header => TimestampFormat.HttpDate,
            MemberBinding.Body => TimestampFormat.EpochSeconds,
            _ => TimestampFormat.DateTime,
        };
        return new MemberModel(Names.ToPascalCase(member.Key), member.WireName, member.Binding, Resolve(member.Type, service), member.Required, member.Doc,
            member.Default, member.Min, member.Max, format, member.ContentType);
    }

    /// <summary>Marks names that refer to enums, so emitters know they are value types written as strings.</summary>
    private static TypeSpec Resolve(TypeSpec type, ServiceContext service) => type.Kind switch
    {
        TypeKind.List or TypeKind.Map => type with { Element = Resolve(type.Element!, service) },
        TypeKind.Named when service.TryGetShape(type.Name!, out var isEnum) && isEnum => type with { Kind = TypeKind.Enum },
        _ => type,
    };

    private static void CheckType(MemberSpec member, TypeSpec type, ServiceContext service, List<DiagnosticInfo> diagnostics)
    {
        if (type.Element is not null)
        {
            CheckType(member, type.Element, service, diagnostics);
        }

        if (type.Kind != TypeKind.Named)
        {
            return;
        }

        if (!service.TryGetShape(type.Name!, out var isEnum))
        {
            diagnostics.Add(DiagnosticInfo.Create(UnknownType, member.TypeLocation, type.Name!, service.Names.ServiceName, Names.DidYouMean(type.Name!, service.ShapeNames)));
            return;
        }

        var scalarOnly = member.Binding is MemberBinding.Label or MemberBinding.Query or MemberBinding.Header;
        if (scalarOnly && !isEnum)
        {
            diagnostics.Add(DiagnosticInfo.Create(BindingNotAllowed, member.TypeLocation, member.Key, member.Binding.ToString().ToLowerInvariant(),
                $"with structure type '{type.Name}'", "Labels, query parameters and headers must be scalars or enums."));
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
