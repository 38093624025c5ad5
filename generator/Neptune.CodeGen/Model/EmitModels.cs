namespace Neptune.CodeGen.Model;

// What the emitters need, after linking: names already turned into C# identifiers, types resolved,
// and no positions, so a spec edit that only moves text leaves these equal and the output cached.

/// <summary>One generated file.</summary>
internal abstract record EmitUnit(string HintName, string SourcePath);

internal sealed record MemberModel(
    string PropertyName,
    string WireName,
    MemberBinding Binding,
    TypeSpec Type,
    bool Required,
    string? Doc,
    string? Default,
    string? Min,
    string? Max,
    TimestampFormat TimestampFormat,
    string? ContentType);

internal sealed record EnumValueModel(string MemberName, string Value, string? Doc);

internal sealed record ShapeModel(
    string TypeName,
    bool IsEnum,
    string? Doc,
    EquatableArray<MemberModel> Members,
    EquatableArray<EnumValueModel> Values);

internal sealed record ErrorModel(string ClassName, string Code, int Status, bool Retryable, string? Doc);

/// <summary>A service's C# names; <see cref="Namespace"/> is in C# form, with keyword parts escaped by <c>@</c>.</summary>
internal sealed record ServiceNames(string ServiceName, string Namespace)
{
    public string ClientName => ServiceName + "Client";

    public string InterfaceName => "I" + ServiceName + "Client";

    public string OptionsName => ServiceName + "ClientOptions";

    public string ExceptionName => ServiceName + "Exception";

    public string ErrorsName => ServiceName + "Errors";

    public string ModelFactoryName => ServiceName + "ModelFactory";

    public string ServiceCollectionExtensionsName => ClientName + "ServiceCollectionExtensions";
}

internal sealed record ServiceUnit(
    string HintName,
    string SourcePath,
    ServiceNames Names,
    string ApiVersion,
    string SigningName,
    string? Doc,
    EquatableArray<ErrorModel> Errors) : EmitUnit(HintName, SourcePath);

internal sealed record ShapesUnit(
    string HintName,
    string SourcePath,
    ServiceNames Names,
    EquatableArray<ShapeModel> Shapes) : EmitUnit(HintName, SourcePath);

internal sealed record OperationUnit(
    string HintName,
    string SourcePath,
    ServiceNames Names,
    string OperationName,
    string? Doc,
    string? IamAction,
    string Method,
    EquatableArray<UriPart> Uri,
    int SuccessCode,
    bool Idempotent,
    bool Readonly,
    EquatableArray<MemberModel> Input,
    EquatableArray<MemberModel> Output,
    EquatableArray<ErrorModel> Errors,
    int FileCount) : EmitUnit(HintName, SourcePath);

/// <summary>
/// One generated file of a service's operations: those whose names hash to the same file (see
/// <c>Linking.OperationFiles</c>), ordered by name.
/// </summary>
internal sealed record OperationsFileUnit(
    string HintName,
    string SourcePath,
    ServiceNames Names,
    EquatableArray<OperationUnit> Operations) : EmitUnit(HintName, SourcePath);

/// <summary>A piece of a URI template: a literal (<see cref="Label"/> null) or a label bound to an input member.</summary>
internal sealed record UriPart(string Text, string? Label);
