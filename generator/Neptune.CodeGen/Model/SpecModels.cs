namespace Neptune.CodeGen.Model;

// What the binder reads out of one spec file. Positions are kept (for the linker's diagnostics);
// the emit models in EmitModels.cs drop them, so moving text around a spec never regenerates code.

internal enum SpecFileKind
{
    /// <summary>Not a spec (an unrelated YAML file): ignored without diagnostics.</summary>
    None,
    Service,
    Operation,
}

internal enum MemberBinding
{
    Body,
    Label,
    Query,
    Header,
    StatusCode,
    Payload,
}

internal enum TypeKind
{
    String,
    Boolean,
    Integer,
    Long,
    Double,
    Timestamp,
    Blob,
    Document,
    List,
    Map,
    /// <summary>A named structure.</summary>
    Named,
    /// <summary>A named enum (set by the linker once the name is resolved).</summary>
    Enum,
}

internal enum TimestampFormat
{
    DateTime,
    EpochSeconds,
    HttpDate,
}

/// <summary>A member's type: a scalar kind, a list or map of an element type, or a named shape.</summary>
internal sealed record TypeSpec(TypeKind Kind, TypeSpec? Element, string? Name)
{
    public static TypeSpec Scalar(TypeKind kind) => new(kind, null, null);

    public override string ToString() => Kind switch
    {
        TypeKind.List => $"list<{Element}>",
        TypeKind.Map => $"map<{Element}>",
        TypeKind.Named or TypeKind.Enum => Name!,
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

internal sealed record MemberSpec(
    string Key,
    string WireName,
    MemberBinding Binding,
    TypeSpec Type,
    bool Required,
    string? Doc,
    string? Default,
    string? Min,
    string? Max,
    TimestampFormat? TimestampFormat,
    string? ContentType,
    LocationInfo Location,
    LocationInfo TypeLocation);

internal sealed record EnumValueSpec(string Name, string Value, string? Doc, LocationInfo Location);

internal sealed record ShapeSpec(
    string Name,
    bool IsEnum,
    string? Doc,
    EquatableArray<MemberSpec> Members,
    EquatableArray<EnumValueSpec> Values,
    LocationInfo Location);

internal sealed record ErrorSpec(string Name, int Status, bool Retryable, string? Doc, LocationInfo Location);

internal sealed record NameRef(string Name, LocationInfo Location);

internal sealed record ServiceSpec(
    string Name,
    string Namespace,
    string ApiVersion,
    string SigningName,
    string? Doc,
    EquatableArray<ErrorSpec> Errors,
    EquatableArray<ShapeSpec> Shapes,
    LocationInfo Location);

internal sealed record OperationSpec(
    string Name,
    string? Doc,
    string? IamAction,
    string Method,
    string Uri,
    int SuccessCode,
    bool Idempotent,
    bool Readonly,
    EquatableArray<MemberSpec> Input,
    EquatableArray<MemberSpec> Output,
    EquatableArray<NameRef> Errors,
    EquatableArray<ShapeSpec> Shapes,
    LocationInfo Location);

/// <summary>The result of reading and binding one spec file.</summary>
internal sealed record SpecFile(
    string Path,
    string Directory,
    SpecFileKind Kind,
    ServiceSpec? Service,
    OperationSpec? Operation,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static SpecFile NotASpec(string path) =>
        new(path, System.IO.Path.GetDirectoryName(path) ?? string.Empty, SpecFileKind.None, null, null, EquatableArray<DiagnosticInfo>.Empty);
}
