using System;
using System.Collections.Generic;

namespace Neptune.CodeGen.Model;

// What linking needs from each spec file, and what it produces: a small, position-free index of the services that every
// per-file step reads. A doc or layout edit leaves the index equal, so only the edited file's steps run again.

/// <summary>A shape's name and kind, where it is declared.</summary>
internal sealed record ShapeHeader(string Name, bool IsEnum, LocationInfo Location);

/// <summary>
/// The part of one spec file that other files depend on: its service (without shapes), or its operation's name, and the
/// shapes it declares (their headers for linking, in full for the shapes file). Keeps positions, for the cross-file
/// diagnostics. Most files declare no shapes, so an edit to their docs or members leaves this equal.
/// </summary>
internal sealed record SpecSummary(
    string Path,
    string Directory,
    ServiceSpec? Service,
    string? OperationName,
    LocationInfo? OperationLocation,
    EquatableArray<ShapeHeader> Shapes,
    ShapeSource? Declared);

/// <summary>The shapes one file declares, with the folder that decides which service they belong to.</summary>
internal sealed record ShapeSource(string Path, string Directory, bool IsServiceSpec, EquatableArray<ShapeSpec> Shapes);

/// <summary>A shape name known to a service, and whether it is an enum.</summary>
internal sealed record ShapeKind(string Name, bool IsEnum);

/// <summary>The generated file a spec file goes to (key: its path; a service's shapes: path + '#shapes'), made unique by SpecLinker.</summary>
internal sealed record HintName(string SourcePath, string Name);

/// <summary>One service as every operation of it sees it: C# names, error models, shape kinds, and the generated file names.</summary>
internal sealed class ServiceContext : IEquatable<ServiceContext>
{
    private readonly Dictionary<string, ErrorModel> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hintNames = new(StringComparer.Ordinal);

    public ServiceContext(
        string path,
        string directory,
        ServiceNames names,
        EquatableArray<ErrorModel> errors,
        EquatableArray<ShapeKind> shapes,
        EquatableArray<HintName> hintNames,
        int operationFileCount)
    {
        Path = path;
        Directory = directory;
        Names = names;
        Errors = errors;
        Shapes = shapes;
        HintNames = hintNames;
        OperationFileCount = operationFileCount;
        foreach (var error in errors)
        {
            _errors[error.ClassName] = error;
        }

        foreach (var shape in shapes)
        {
            _shapes[shape.Name] = shape.IsEnum;
        }

        foreach (var hint in hintNames)
        {
            _hintNames[hint.SourcePath] = hint.Name;
        }
    }

    /// <summary>The service spec's path.</summary>
    public string Path { get; }

    public string Directory { get; }

    public ServiceNames Names { get; }

    public EquatableArray<ErrorModel> Errors { get; }

    /// <summary>Every shape of the service (first declaration wins), in declaration order.</summary>
    public EquatableArray<ShapeKind> Shapes { get; }

    /// <summary>
    /// The generated file name of each file of the service that gets one (key: source path; shapes: path + '#shapes').
    /// An operation file is here only if it owns its operation (the first in path order; later ones are duplicates).
    /// </summary>
    public EquatableArray<HintName> HintNames { get; }

    /// <summary>How many files the service's operations are spread over (see <c>Linking.OperationFiles</c>).</summary>
    public int OperationFileCount { get; }

    public IEnumerable<string> ErrorNames => _errors.Keys;

    public IEnumerable<string> ShapeNames => _shapes.Keys;

    public bool TryGetError(string name, out ErrorModel error) => _errors.TryGetValue(name, out error!);

    /// <summary>Whether the shape exists, and if so whether it is an enum.</summary>
    public bool TryGetShape(string name, out bool isEnum) => _shapes.TryGetValue(name, out isEnum);

    public string? HintNameOf(string key) => _hintNames.TryGetValue(key, out var hint) ? hint : null;

    public bool Equals(ServiceContext? other) =>
        other is not null &&
        Path == other.Path && Directory == other.Directory && Names.Equals(other.Names) &&
        Errors.Equals(other.Errors) && Shapes.Equals(other.Shapes) && HintNames.Equals(other.HintNames) &&
        OperationFileCount == other.OperationFileCount;

    public override bool Equals(object? obj) => Equals(obj as ServiceContext);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = Path.GetHashCode();
            hash = (hash * 31) + Names.GetHashCode();
            hash = (hash * 31) + Errors.GetHashCode();
            hash = (hash * 31) + Shapes.GetHashCode();
            return (hash * 31) + HintNames.Count;
        }
    }
}

/// <summary>All services of the project, found by folder: an operation or shape belongs to the nearest service spec above it.</summary>
internal sealed class SpecIndex : IEquatable<SpecIndex>
{
    public static readonly SpecIndex Empty = new(EquatableArray<ServiceContext>.Empty);

    public SpecIndex(EquatableArray<ServiceContext> services) => Services = services;

    public EquatableArray<ServiceContext> Services { get; }

    /// <summary>The nearest service in <paramref name="directory"/> or a parent folder; with exactly one service, that one.</summary>
    public ServiceContext? OwnerOf(string directory) => NearestOwner(Services, s => s.Directory, directory);

    /// <summary>
    /// The service whose folder is <paramref name="directory"/> or its nearest parent; with exactly one service in the
    /// project, that one wherever the file is. Shared by linking (over summaries) and building (over the index).
    /// </summary>
    public static T? NearestOwner<T>(IReadOnlyList<T> services, Func<T, string> directoryOf, string directory)
        where T : class
    {
        T? best = null;
        foreach (var service in services)
        {
            var candidate = directoryOf(service);
            if (IsSameOrParent(candidate, directory) && (best is null || candidate.Length > directoryOf(best).Length))
            {
                best = service;
            }
        }

        return best ?? (services.Count == 1 ? services[0] : null);
    }

    public bool Equals(SpecIndex? other) => other is not null && Services.Equals(other.Services);

    public override bool Equals(object? obj) => Equals(obj as SpecIndex);

    public override int GetHashCode() => Services.GetHashCode();

    private static bool IsSameOrParent(string parent, string child) =>
        string.Equals(parent, child, StringComparison.Ordinal) ||
        (child.StartsWith(parent, StringComparison.Ordinal) && child.Length > parent.Length && (child[parent.Length] == '/' || child[parent.Length] == '\\'));
}

/// <summary>Linking's output: the index, and the diagnostics that need every file (clashing services, duplicate names).</summary>
internal sealed record LinkResult(SpecIndex Index, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One spec file's generated file (null when it gets none) and the diagnostics found while building it.</summary>
internal sealed record UnitResult(EmitUnit? Unit, EquatableArray<DiagnosticInfo> Diagnostics);
