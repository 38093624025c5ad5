using System;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>
/// The C# expressions and statements that move one value between a property and the wire:
/// JSON (Utf8JsonReader / Utf8JsonWriter through the runtime's RestJson helpers) and text (query, label, header).
/// </summary>
internal static class ValueCode
{
    public const string Runtime = "global::Neptune.CodeGen.Runtime";
    public const string RestJson = Runtime + ".Json.RestJson";
    public const string Collections = Runtime + ".Json.RestJsonCollections";
    public const string WireFormat = Runtime + ".Http.WireFormat";
    public const string WireParsing = Runtime + ".Http.WireParsing";
    public const string ReaderType = "global::System.Text.Json.Utf8JsonReader";
    public const string WriterType = "global::System.Text.Json.Utf8JsonWriter";

    public static string ShapesClass(ServiceNames names) => $"global::{names.Namespace}.{names.ServiceName}JsonShapes";

    /// <summary>An expression reading the value at the current token of <c>reader</c>; null when the JSON holds null.</summary>
    public static string ReadJson(TypeSpec type, ServiceNames names, string reader = "reader") => type.Kind switch
    {
        TypeKind.String => $"{RestJson}.ReadString(ref {reader})",
        TypeKind.Boolean => $"{RestJson}.ReadBoolean(ref {reader})",
        TypeKind.Integer => $"{RestJson}.ReadInt32(ref {reader})",
        TypeKind.Long => $"{RestJson}.ReadInt64(ref {reader})",
        TypeKind.Double => $"{RestJson}.ReadDouble(ref {reader})",
        TypeKind.Timestamp => $"{RestJson}.ReadTimestamp(ref {reader})",
        TypeKind.Blob => $"{RestJson}.ReadBlob(ref {reader})",
        TypeKind.Document => $"{RestJson}.ReadDocument(ref {reader})",
        TypeKind.Enum or TypeKind.Named => $"{ShapesClass(names)}.Read{type.Name}(ref {reader})",
        // The item type is spelled out: inferred from the item reader, a nested collection would be List<List<T>>, which does
        // not convert to the property's IList<IList<T>> (CS0266).
        TypeKind.List => $"{Collections}.ReadList<{CSharp.TypeName(type.Element!, names)}>(ref {reader}, {ItemReader(type.Element!, names, reader + "Item")})",
        TypeKind.Map => $"{Collections}.ReadMap<{CSharp.TypeName(type.Element!, names)}>(ref {reader}, {ItemReader(type.Element!, names, reader + "Item")})",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    // Collections skip JSON nulls before calling the item reader, so the item is never null here.
    private static string ItemReader(TypeSpec element, ServiceNames names, string item) =>
        $"static (ref {ReaderType} {item}) => {ReadJson(element, names, item)}" + (CSharp.IsValueType(element) ? ".GetValueOrDefault()" : "!");

    /// <summary>A statement writing a non-null value with <c>writer</c>.</summary>
    public static string WriteJson(TypeSpec type, TimestampFormat format, ServiceNames names, string value, string writer = "writer") => type.Kind switch
    {
        TypeKind.String => $"{writer}.WriteStringValue({value});",
        TypeKind.Boolean => $"{writer}.WriteBooleanValue({value});",
        TypeKind.Integer or TypeKind.Long => $"{writer}.WriteNumberValue({value});",
        TypeKind.Double => $"{RestJson}.WriteDouble({writer}, {value});",
        TypeKind.Timestamp => format switch
        {
            TimestampFormat.EpochSeconds => $"{Collections}.WriteEpochSeconds({writer}, {value});",
            TimestampFormat.HttpDate => $"{writer}.WriteStringValue({WireFormat}.HttpDate({value}));",
            _ => $"{RestJson}.WriteTimestamp({writer}, {value});",
        },
        TypeKind.Blob => $"{writer}.WriteBase64StringValue({value});",
        TypeKind.Document => $"{value}.WriteTo({writer});",
        TypeKind.Enum => $"{writer}.WriteStringValue({value}.Value);",
        TypeKind.Named => $"{ShapesClass(names)}.Write{type.Name}({writer}, {value});",
        TypeKind.List => $"{Collections}.WriteList({writer}, {value}, static ({writer}Item, {value}Item) => {{ {WriteJson(type.Element!, format, names, value + "Item", writer + "Item")} }});",
        TypeKind.Map => $"{Collections}.WriteMap({writer}, {value}, static ({writer}Item, {value}Item) => {{ {WriteJson(type.Element!, format, names, value + "Item", writer + "Item")} }});",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An expression formatting a non-null scalar for a label, query parameter or header.</summary>
    public static string ToText(TypeSpec type, TimestampFormat format, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Boolean => $"{WireFormat}.Boolean({value})",
        TypeKind.Integer => $"{WireFormat}.Int32({value})",
        TypeKind.Long => $"{WireFormat}.Int64({value})",
        TypeKind.Double => $"{WireFormat}.Double({value})",
        TypeKind.Timestamp => format switch
        {
            TimestampFormat.EpochSeconds => $"{WireFormat}.EpochSeconds({value})",
            TimestampFormat.HttpDate => $"{WireFormat}.HttpDate({value})",
            _ => $"{WireFormat}.DateTime({value})",
        },
        TypeKind.Enum => $"{value}.Value",
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"{type} cannot be sent as text."),
    };

    /// <summary>An expression parsing header text into a value.</summary>
    public static string FromText(TypeSpec type, ServiceNames names, string text) => type.Kind switch
    {
        TypeKind.String => text,
        TypeKind.Boolean => $"{WireParsing}.Boolean({text})",
        TypeKind.Integer => $"{WireParsing}.Int32({text})",
        TypeKind.Long => $"{WireParsing}.Int64({text})",
        TypeKind.Double => $"{WireParsing}.Double({text})",
        TypeKind.Timestamp => $"{WireParsing}.Timestamp({text})",
        TypeKind.Enum => $"new {CSharp.TypeName(type, names)}({text})",
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"{type} cannot be read from text."),
    };
}
