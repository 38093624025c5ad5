using System;
using System.Globalization;
using System.Linq;
using Neptune.CodeGen.Binding;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>
/// Emits one operation: its request and response types, its method on the client and the interface,
/// and the binding code that builds the HTTP request and reads the response.
/// </summary>
internal static class OperationEmitter
{
    /// <summary>
    /// One file of operations, each in its own namespace block under a comment naming its spec. An operation that throws
    /// is left out and passed to <paramref name="failed"/>.
    /// </summary>
    public static string EmitFile(OperationsFileUnit file, Action<OperationUnit, Exception> failed)
    {
        var w = new SourceWriter();
        w.Line(file.Operations.Count == 1 ? CSharp.FileHeader(file.Operations[0].SourcePath) : CSharp.FileHeader(file.Operations.Count));
        var written = 0;
        foreach (var unit in file.Operations)
        {
            var checkpoint = w.Checkpoint();
            try
            {
                if (written > 0)
                {
                    w.Line();
                }

                Write(w, unit);
                written++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                w.Rewind(checkpoint);
                failed(unit, exception);
            }
        }

        return w.ToString();
    }

    private static void Write(SourceWriter w, OperationUnit unit)
    {
        var names = unit.Names;
        var op = unit.OperationName;
        var request = $"global::{names.Namespace}.{op}Request";
        var response = $"global::{names.Namespace}.{op}Response";
        var wire = $"global::{names.Namespace}.{op}Wire";
        w.Line($"// {CSharp.CommentText(op)}, from {CSharp.CommentText(System.IO.Path.GetFileName(unit.SourcePath))}");
        w.Open($"namespace {names.Namespace}");

        w.Doc("summary", $"The input of <see cref=\"global::{names.Namespace}.{names.InterfaceName}.{op}Async\"/>.");
        w.Open($"public sealed partial class {op}Request");
        WriteProperties(w, unit.Input, names, isInput: true);
        w.Close();
        w.Line();

        w.Doc("summary", $"The result of <see cref=\"global::{names.Namespace}.{names.InterfaceName}.{op}Async\"/>.");
        w.Open($"public sealed partial class {op}Response");
        WriteProperties(w, unit.Output, names, isInput: false);
        w.Close();
        w.Line();

        w.Open($"public partial interface {names.InterfaceName}");
        WriteMethodDocs(w, unit);
        w.Line($"global::System.Threading.Tasks.Task<{response}> {op}Async({request} request, global::System.Threading.CancellationToken cancellationToken = default);");
        w.Close();
        w.Line();

        // The docs live on the interface method (a good share of the generated text); the IDE shows them here too.
        w.Open($"public partial class {names.ClientName}");
        w.Line("/// <inheritdoc/>");
        w.Open($"public virtual global::System.Threading.Tasks.Task<{response}> {op}Async({request} request, global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("// Validation runs here, before anything is sent: a bad argument throws synchronously.");
        w.Line($"var operation = {wire}.CreateRequest(request);");
        w.Line($"return Pipeline.SendAsync(operation, {wire}.ReadResponse, cancellationToken);");
        w.Close();
        w.Close();
        w.Line();

        w.Doc("summary", $"How {op} is put on the wire ({unit.Method} {CSharp.DocText(string.Concat(unit.Uri.Select(p => p.Label is null ? p.Text : "{" + p.Label + "}")), "")}) and how its response is read.");
        w.Open($"internal static class {op}Wire");
        WriteCreateRequest(w, unit, request);
        w.Line();
        WriteReadResponse(w, unit, response);
        w.Close();

        w.Close();
    }

    private static void WriteProperties(SourceWriter w, EquatableArray<MemberModel> members, ServiceNames names, bool isInput)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                w.Line();
            }

            MemberDocs.WriteProperty(w, members[i], names, isInput, useRequiredKeyword: isInput);
        }
    }

    private static void WriteMethodDocs(SourceWriter w, OperationUnit unit)
    {
        w.Doc("summary", CSharp.DocText(unit.Doc, $"Calls {unit.OperationName}."));
        var path = string.Concat(unit.Uri.Select(p => p.Label is null ? p.Text : "{" + p.Label + "}"));
        var remarks = $"Sends {unit.Method} {path}." + (unit.IamAction is null ? string.Empty : $" IAM action: {unit.IamAction}.") + Safety(unit);
        w.Doc("remarks", CSharp.DocText(remarks, string.Empty));
        w.Doc("param", "The operation's input.", " name=\"request\"");
        w.Doc("param", "Cancels the call.", " name=\"cancellationToken\"");
        w.Doc("returns", "The operation's result.");
        w.Doc("exception", "A required member is missing, or a value cannot be sent.", " cref=\"global::System.ArgumentException\"");
        foreach (var error in unit.Errors)
        {
            w.Doc("exception", CSharp.DocText(error.Doc, error.Code), $" cref=\"global::{unit.Names.Namespace}.{CSharp.Id(error.ClassName)}\"");
        }

        w.Doc("exception", "Any other error response.", $" cref=\"global::{unit.Names.Namespace}.{unit.Names.ExceptionName}\"");
    }

    private static void WriteCreateRequest(SourceWriter w, OperationUnit unit, string requestType)
    {
        var names = unit.Names;
        w.Open($"public static {ValueCode.Runtime}.Http.OperationRequest CreateRequest({requestType} request)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(request);");
        foreach (var member in unit.Input)
        {
            WriteValidation(w, member, "request", usesRequiredKeyword: true);
        }

        w.Line($"var operation = new {ValueCode.Runtime}.Http.OperationRequest({CSharp.Literal(unit.OperationName)}, {HttpMethod(unit.Method)});");
        foreach (var part in unit.Uri)
        {
            if (part.Label is null)
            {
                w.Line($"operation.AppendPath({CSharp.Literal(part.Text)});");
                continue;
            }

            var member = unit.Input.First(m => m.PropertyName == Names.ToPascalCase(part.Label));
            var value = $"request.{CSharp.Id(member.PropertyName)}";
            w.Line(member.Type.Kind == TypeKind.String
                ? $"operation.AppendLabel({CSharp.Literal(member.PropertyName)}, {value});"
                : $"operation.AppendLabel({CSharp.Literal(member.PropertyName)}, {ValueCode.ToText(member.Type, member.TimestampFormat, value)});");
        }

        foreach (var member in unit.Input.Where(m => m.Binding is MemberBinding.Query or MemberBinding.Header))
        {
            var method = member.Binding == MemberBinding.Query ? "AddQuery" : "AddHeader";
            var local = Local(member);
            w.Open($"if (request.{CSharp.Id(member.PropertyName)} is {{ }} {local})");
            if (member.Type.Kind == TypeKind.List)
            {
                var item = ValueCode.ToText(member.Type.Element!, member.TimestampFormat, "item");
                w.Line($"operation.{method}({CSharp.Literal(member.WireName)}, global::System.Linq.Enumerable.Select({local}, static item => {item}), {CSharp.Literal(member.PropertyName)});");
            }
            else
            {
                w.Line($"operation.{method}({CSharp.Literal(member.WireName)}, {ValueCode.ToText(member.Type, member.TimestampFormat, local)}, {CSharp.Literal(member.PropertyName)});");
            }

            w.Close();
        }

        var payload = unit.Input.FirstOrDefault(m => m.Binding == MemberBinding.Payload);
        var body = unit.Input.Where(m => m.Binding == MemberBinding.Body).ToList();
        if (payload is not null)
        {
            WritePayload(w, payload, names);
        }
        else if (body.Count > 0)
        {
            w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
            w.Open($"using (var writer = new {ValueCode.WriterType}(buffer))");
            WriteJsonObject(w, body, names, "request");
            w.Close();
            w.Line("operation.SetBody(buffer.WrittenSpan.ToArray(), \"application/json\");");
        }

        w.Line("return operation;");
        w.Close();
    }

    private static void WritePayload(SourceWriter w, MemberModel payload, ServiceNames names)
    {
        var local = Local(payload);
        w.Open($"if (request.{CSharp.Id(payload.PropertyName)} is {{ }} {local})");
        switch (payload.Type.Kind)
        {
            case TypeKind.String:
                w.Line($"operation.SetBody(global::System.Text.Encoding.UTF8.GetBytes({local}), {CSharp.Literal(payload.ContentType ?? "text/plain")});");
                break;
            case TypeKind.Blob:
                w.Line($"operation.SetBody({local}, {CSharp.Literal(payload.ContentType ?? "application/octet-stream")});");
                break;
            default:
                w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
                w.Open($"using (var writer = new {ValueCode.WriterType}(buffer))");
                w.Line(ValueCode.WriteJson(payload.Type, payload.TimestampFormat, names, local));
                w.Close();
                w.Line($"operation.SetBody(buffer.WrittenSpan.ToArray(), {CSharp.Literal(payload.ContentType ?? "application/json")});");
                break;
        }

        w.Close();
    }

    /// <summary>Writes the members of <paramref name="source"/> as one JSON object; unset members are left out.</summary>
    internal static void WriteJsonObject(SourceWriter w, System.Collections.Generic.IEnumerable<MemberModel> members, ServiceNames names, string source)
    {
        w.Line("writer.WriteStartObject();");
        foreach (var member in members)
        {
            var local = Local(member);
            w.Open($"if ({source}.{CSharp.Id(member.PropertyName)} is {{ }} {local})");
            w.Line($"writer.WritePropertyName({CSharp.Utf8Literal(member.WireName)});");
            w.Line(ValueCode.WriteJson(member.Type, member.TimestampFormat, names, local));
            w.Close();
        }

        w.Line("writer.WriteEndObject();");
    }

    /// <summary>Required members and ranges are checked before anything is built.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="member">The member to check.</param>
    /// <param name="source">The variable holding the object (<c>request</c> or <c>value</c>).</param>
    /// <param name="usesRequiredKeyword">
    /// True for request types, where required members are declared <c>required T</c>: a value type is then always set.
    /// Structures declare every member as <c>T?</c>, so a required value-type member can still be missing there.
    /// </param>
    internal static void WriteValidation(SourceWriter w, MemberModel member, string source, bool usesRequiredKeyword)
    {
        var value = $"{source}.{CSharp.Id(member.PropertyName)}";
        var name = CSharp.Literal($"{source}.{member.PropertyName}");
        if (member.Required)
        {
            // C#'s 'required' makes the caller assign a value type, but 'default' still gets through: an enum without a wire
            // value or an undefined JsonElement would be sent as "" or fail later, so both count as missing.
            var nullable = usesRequiredKeyword ? string.Empty : "?";
            if (member.Type.Kind == TypeKind.Enum)
            {
                w.Line($"{ValueCode.Runtime}.Http.OperationRequest.ThrowIfMissingEnum({value}{nullable}.Value, {name});");
            }
            else if (member.Type.Kind == TypeKind.Document)
            {
                w.Line($"{ValueCode.Runtime}.Http.OperationRequest.ThrowIfMissingDocument({value}, {name});");
            }
            else if (!usesRequiredKeyword || !CSharp.IsValueType(member.Type))
            {
                w.Line($"{ValueCode.Runtime}.Http.OperationRequest.ThrowIfMissing({value}, {name});");
            }
        }

        if (member.Min is null && member.Max is null)
        {
            return;
        }

        // One local per member: pattern variables in an 'if' condition are scoped to the whole method body,
        // so a shared name would clash as soon as two members have a range (CS0128).
        var local = CheckedLocal(member);
        var measured = member.Type.Kind switch
        {
            TypeKind.Integer or TypeKind.Long or TypeKind.Double => local,
            TypeKind.String or TypeKind.Blob => local + ".Length",
            TypeKind.List or TypeKind.Map => local + ".Count",
            _ => null,
        };
        if (measured is null)
        {
            return;
        }

        var conditions = new System.Collections.Generic.List<string>();
        if (member.Min is not null)
        {
            conditions.Add($"{measured} < {DoubleLiteral(member.Min)}");
        }

        if (member.Max is not null)
        {
            conditions.Add($"{measured} > {DoubleLiteral(member.Max)}");
        }

        var message = CSharp.Literal($"{member.PropertyName}{RangeText.Measure(member.Type)} must be {RangeText.Bounds(member.Min, member.Max)}.");
        w.Open($"if ({value} is {{ }} {local} && ({string.Join(" || ", conditions)}))");
        w.Line($"throw new global::System.ArgumentOutOfRangeException({name}, {measured}, {message});");
        w.Close();
    }

    private static void WriteReadResponse(SourceWriter w, OperationUnit unit, string responseType)
    {
        var names = unit.Names;
        w.Open($"public static {responseType} ReadResponse({ValueCode.Runtime}.Http.ServiceResponse response)");
        w.Line($"var result = new {responseType}();");
        foreach (var member in unit.Output)
        {
            var property = $"result.{CSharp.Id(member.PropertyName)}";
            switch (member.Binding)
            {
                case MemberBinding.StatusCode:
                    w.Line($"{property} = (int)response.StatusCode;");
                    break;
                case MemberBinding.Header:
                    var local = Local(member);
                    w.Open($"if (response.GetHeader({CSharp.Literal(member.WireName)}) is {{ }} {local})");
                    w.Line($"{property} = {ValueCode.FromText(member.Type, names, local)};");
                    w.Close();
                    break;
                case MemberBinding.Payload:
                    WriteReadPayload(w, member, names, property);
                    break;
            }
        }

        var body = unit.Output.Where(m => m.Binding == MemberBinding.Body).ToList();
        if (body.Count > 0)
        {
            w.Line($"var reader = new {ValueCode.ReaderType}(response.Body.Span);");
            // An empty body (204, or a 200 without content) has no members; Utf8JsonReader would throw on it.
            w.Open($"if (!response.Body.IsEmpty && {ValueCode.RestJson}.ReadStartObject(ref reader))");
            WriteJsonProperties(w, body, names, "result");
            w.Close();
        }

        w.Line("return result;");
        w.Close();
    }

    private static void WriteReadPayload(SourceWriter w, MemberModel member, ServiceNames names, string property)
    {
        switch (member.Type.Kind)
        {
            case TypeKind.String:
                w.Line($"{property} = response.BodyAsString();");
                break;
            case TypeKind.Blob:
                w.Line($"{property} = response.Body.ToArray();");
                break;
            default:
                w.Open("if (!response.Body.IsEmpty)");
                w.Line($"var payloadReader = new {ValueCode.ReaderType}(response.Body.Span);");
                w.Line($"{ValueCode.RestJson}.ReadValue(ref payloadReader);");
                w.Line($"{property} = {ValueCode.ReadJson(member.Type, names, "payloadReader")};");
                w.Close();
                break;
        }
    }

    /// <summary>Reads the properties of the current JSON object into <paramref name="target"/>; unknown keys are skipped.</summary>
    internal static void WriteJsonProperties(SourceWriter w, System.Collections.Generic.IEnumerable<MemberModel> members, ServiceNames names, string target)
    {
        w.Open($"while ({ValueCode.RestJson}.ReadNextProperty(ref reader))");
        var first = true;
        foreach (var member in members)
        {
            w.Open($"{(first ? "if" : "else if")} (reader.ValueTextEquals({CSharp.Utf8Literal(member.WireName)}))");
            w.Line($"{ValueCode.RestJson}.ReadValue(ref reader);");
            w.Line($"{target}.{CSharp.Id(member.PropertyName)} = {ValueCode.ReadJson(member.Type, names)};");
            w.Close();
            first = false;
        }

        if (first)
        {
            w.Line($"{ValueCode.RestJson}.ReadValue(ref reader);");
            w.Line("reader.Skip();");
        }
        else
        {
            w.Open("else");
            w.Line($"{ValueCode.RestJson}.ReadValue(ref reader);");
            w.Line("reader.Skip();");
            w.Close();
        }

        w.Close();
    }

    /// <summary>A local variable name for a member's value that cannot clash with a keyword or another local.</summary>
    internal static string Local(MemberModel member) =>
        char.ToLowerInvariant(member.PropertyName[0]) + member.PropertyName.Substring(1) + "Value";

    /// <summary>A C# double literal for a number the binder accepted ("5." or " 5" from YAML become "5d").</summary>
    private static string DoubleLiteral(string number) =>
        double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>The local a range check binds; the <c>Checked</c> suffix keeps it apart from the <see cref="Local"/> names.</summary>
    internal static string CheckedLocal(MemberModel member) =>
        char.ToLowerInvariant(member.PropertyName[0]) + member.PropertyName.Substring(1) + "Checked";

    /// <summary>What the spec's http.readonly / http.idempotent (Smithy's traits of those names) promise a caller.</summary>
    private static string Safety(OperationUnit unit) =>
        unit.Readonly ? " Read-only: the call has no side effects, so it is safe to retry."
        : unit.Idempotent ? " Idempotent: repeating the call has the same effect as making it once, so it is safe to retry."
        : string.Empty;

    private static string HttpMethod(string method) => method switch
    {
        "GET" => "global::System.Net.Http.HttpMethod.Get",
        "PUT" => "global::System.Net.Http.HttpMethod.Put",
        "POST" => "global::System.Net.Http.HttpMethod.Post",
        "DELETE" => "global::System.Net.Http.HttpMethod.Delete",
        "PATCH" => "global::System.Net.Http.HttpMethod.Patch",
        _ => "global::System.Net.Http.HttpMethod.Head",
    };
}
