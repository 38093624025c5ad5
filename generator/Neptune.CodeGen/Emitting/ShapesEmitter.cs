using System.Linq;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>
/// Emits a service's named shapes: a class per structure, an extensible string enum (a struct, so unknown values
/// from newer services still round-trip) per enum, and their JSON readers and writers.
/// </summary>
internal static class ShapesEmitter
{
    public static string Emit(ShapesUnit unit)
    {
        var names = unit.Names;
        var w = new SourceWriter();
        w.Line(CSharp.FileHeader(unit.SourcePath));
        w.Open($"namespace {names.Namespace}");
        foreach (var shape in unit.Shapes)
        {
            if (shape.IsEnum)
            {
                WriteEnum(w, shape);
            }
            else
            {
                WriteStructure(w, shape, names);
            }

            w.Line();
        }

        w.Doc("summary", $"JSON readers and writers of the {names.ServiceName} shapes.");
        w.Open($"internal static class {names.ServiceName}JsonShapes");
        var first = true;
        foreach (var shape in unit.Shapes)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            var type = $"global::{names.Namespace}.{CSharp.Id(shape.TypeName)}";
            if (shape.IsEnum)
            {
                w.Line($"public static {type}? Read{shape.TypeName}(ref {ValueCode.ReaderType} reader) =>");
                // '(T?)null', not a bare 'null': the C# 12 compiler (Roslyn 4.8, the oldest this generator supports) reports a
                // false CS8625 on a target-typed conditional that mixes null with a struct.
                w.Line($"    reader.TokenType == global::System.Text.Json.JsonTokenType.Null ? ({type}?)null : new {type}(reader.GetString()!);");
                continue;
            }

            w.Open($"public static {type}? Read{shape.TypeName}(ref {ValueCode.ReaderType} reader)");
            w.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
            w.Line("return null;");
            w.Close();
            w.Open("if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject)");
            w.Line($"throw new global::System.Text.Json.JsonException({CSharp.Literal($"Expected a JSON object for {shape.TypeName}.")});");
            w.Close();
            w.Line($"var result = new {type}();");
            OperationEmitter.WriteJsonProperties(w, shape.Members, names, "result");
            w.Line("return result;");
            w.Close();
            w.Line();
            w.Open($"public static void Write{shape.TypeName}({ValueCode.WriterType} writer, {type} value)");
            w.Line("global::Neptune.CodeGen.Runtime.Json.RestJson.ThrowIfTooDeep(writer, \"value\");");
            foreach (var member in shape.Members)
            {
                OperationEmitter.WriteValidation(w, member, "value", usesRequiredKeyword: false);
            }

            OperationEmitter.WriteJsonObject(w, shape.Members, names, "value");
            w.Close();
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void WriteStructure(SourceWriter w, ShapeModel shape, ServiceNames names)
    {
        w.Doc("summary", CSharp.DocText(shape.Doc, $"The {shape.TypeName} structure."));
        w.Open($"public sealed partial class {CSharp.Id(shape.TypeName)}");
        for (var i = 0; i < shape.Members.Count; i++)
        {
            if (i > 0)
            {
                w.Line();
            }

            MemberDocs.WriteProperty(w, shape.Members[i], names, isInput: true, useRequiredKeyword: false);
        }

        w.Close();
    }

    private static void WriteEnum(SourceWriter w, ShapeModel shape)
    {
        var name = CSharp.Id(shape.TypeName);
        w.Doc("summary", CSharp.DocText(shape.Doc, $"The {shape.TypeName} values."));
        w.Doc("remarks", "An extensible enum: values the service adds later are kept as they are sent.");
        w.Open($"public readonly partial struct {name} : global::System.IEquatable<{name}>");
        w.Doc("summary", "Wraps a wire value.");
        w.Doc("param", "The value as the service spells it.", " name=\"value\"");
        w.Open($"public {name}(string value)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        w.Line("_value = value;");
        w.Close();
        w.Line();
        w.Line("private readonly string? _value;");
        w.Line();
        w.Doc("summary", "The value as the service spells it.");
        w.Line("public string Value => _value ?? string.Empty;");
        foreach (var value in shape.Values)
        {
            w.Line();
            w.Doc("summary", CSharp.DocText(value.Doc, $"The value {value.Value}."));
            w.Line($"public static {name} {CSharp.Id(value.MemberName)} {{ get; }} = new({CSharp.Literal(value.Value)});");
        }

        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public bool Equals({name} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public override string ToString() => Value;");
        w.Line();
        w.Doc("summary", "Compares two values.");
        w.Line($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        w.Line();
        w.Doc("summary", "Compares two values.");
        w.Line($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        w.Line();
        w.Doc("summary", "Wraps a wire value.");
        w.Line($"public static implicit operator {name}(string value) => new(value);");
        w.Close();
    }
}
