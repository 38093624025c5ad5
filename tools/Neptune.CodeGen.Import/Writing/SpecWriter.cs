using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Neptune.CodeGen.Import.Importing;

namespace Neptune.CodeGen.Import.Writing;

/// <summary>
/// Writes spec drafts as YAML files: keys in a fixed order, flow mappings only when they fit on one line, long or
/// multi-line docs as folded block scalars, LF line endings. The same drafts always give the same bytes.
/// </summary>
internal sealed class SpecWriter
{
    public const int Width = 100;

    private static readonly string[] TypedScalars = { "boolean", "integer", "long", "double" };

    private readonly string? _schema;
    private readonly string _source;

    /// <param name="schema">The JSON schema reference for the <c>yaml-language-server</c> comment, or null for none.</param>
    /// <param name="source">The model's file name, for the header comment.</param>
    public SpecWriter(string? schema, string source)
    {
        _schema = schema;
        _source = source;
    }

    /// <summary>File name → content, service.yaml first, then the operations by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Write(ImportResult result)
    {
        var files = new List<KeyValuePair<string, string>> { new("service.yaml", Service(result.Service)) };
        files.AddRange(result.Operations.Select(o => new KeyValuePair<string, string>(o.Name + ".yaml", Operation(o))));
        return files;
    }

    public string Service(ServiceDraft service)
    {
        var w = Header();
        Pair(w, 0, "service", service.Service);
        Pair(w, 0, "namespace", service.Namespace);
        Pair(w, 0, "apiVersion", service.ApiVersion);
        Pair(w, 0, "signingName", service.SigningName);
        Pair(w, 0, "protocol", "rest-json");
        Doc(w, 0, service.Doc);
        if (service.Errors.Count > 0)
        {
            w.Append("errors:\n");
            foreach (var error in service.Errors)
            {
                var pairs = new List<(string, string, bool)> { ("status", error.Status.ToString(CultureInfo.InvariantCulture), true) };
                if (error.Retryable)
                {
                    pairs.Add(("retryable", "true", true));
                }

                Entry(w, 2, error.Name, pairs, error.Doc);
            }
        }

        Shapes(w, service.Shapes);
        return w.ToString();
    }

    public string Operation(OperationDraft operation)
    {
        var w = Header();
        Pair(w, 0, "operation", operation.Name);
        Doc(w, 0, operation.Doc);
        if (operation.IamAction is not null)
        {
            Pair(w, 0, "iamAction", operation.IamAction);
        }

        w.Append("http:\n");
        Pair(w, 2, "method", operation.Method);
        Pair(w, 2, "uri", operation.Uri);
        w.Append("  code: ").Append(operation.Code.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (operation.Idempotent)
        {
            w.Append("  idempotent: true\n");
        }

        if (operation.Readonly)
        {
            w.Append("  readonly: true\n");
        }

        Members(w, 0, "input", operation.Input);
        Members(w, 0, "output", operation.Output);
        if (operation.Errors.Count > 0)
        {
            w.Append("errors:\n");
            foreach (var error in operation.Errors)
            {
                w.Append("  - ").Append(YamlText.Scalar(error)).Append('\n');
            }
        }

        Shapes(w, operation.Shapes);
        return w.ToString();
    }

    private StringBuilder Header()
    {
        var w = new StringBuilder();
        if (_schema is not null)
        {
            w.Append("# yaml-language-server: $schema=").Append(_schema).Append('\n');
        }

        w.Append("# Imported by `neptune-codegen import` from ").Append(_source).Append(". Re-import to update; hand edits are overwritten.\n");
        return w;
    }

    private static void Shapes(StringBuilder w, IReadOnlyList<ShapeDraft> shapes)
    {
        if (shapes.Count == 0)
        {
            return;
        }

        w.Append("shapes:\n");
        foreach (var shape in shapes)
        {
            w.Append("  ").Append(shape.Name).Append(":\n");
            Pair(w, 4, "type", shape.IsEnum ? "enum" : "structure");
            Doc(w, 4, shape.Doc);
            if (shape.IsEnum)
            {
                w.Append("    values:\n");
                foreach (var value in shape.Values)
                {
                    if (value.Doc is null)
                    {
                        Pair(w, 6, value.Name, value.Value);
                    }
                    else
                    {
                        Entry(w, 6, value.Name, new List<(string, string, bool)> { ("value", value.Value, false) }, value.Doc);
                    }
                }
            }
            else
            {
                Members(w, 4, "members", shape.Members);
            }
        }
    }

    private static void Members(StringBuilder w, int indent, string key, IReadOnlyList<MemberDraft> members)
    {
        if (members.Count == 0)
        {
            return;
        }

        w.Append(' ', indent).Append(key).Append(":\n");
        foreach (var member in members)
        {
            Member(w, indent + 2, member);
        }
    }

    private static void Member(StringBuilder w, int indent, MemberDraft member)
    {
        // A typed default (a number or boolean) is written as such; text is quoted when it would read as one.
        var typedDefault = TypedScalars.Contains(member.Type);
        var pairs = new List<(string Key, string Value, bool Raw)>();
        if (member.In is not null)
        {
            pairs.Add(("in", member.In, false));
        }

        if (member.Name is not null)
        {
            pairs.Add(("name", member.Name, false));
        }

        pairs.Add(("type", member.Type, false));
        if (member.Required)
        {
            pairs.Add(("required", "true", true));
        }

        if (member.Default is not null)
        {
            pairs.Add(("default", member.Default, typedDefault));
        }

        if (member.Min is not null)
        {
            pairs.Add(("min", member.Min, true));
        }

        if (member.Max is not null)
        {
            pairs.Add(("max", member.Max, true));
        }

        if (member.TimestampFormat is not null)
        {
            pairs.Add(("timestampFormat", member.TimestampFormat, false));
        }

        if (member.ContentType is not null)
        {
            pairs.Add(("contentType", member.ContentType, false));
        }

        if (pairs.Count == 1 && member.Doc is null && YamlText.IsPlainSafe(member.Type, inFlow: false))
        {
            // Shorthand for a plain body member: "status: string".
            Pair(w, indent, member.Key, member.Type);
            return;
        }

        Entry(w, indent, member.Key, pairs, member.Doc);
    }

    /// <summary>A mapping entry: one flow mapping when it fits on a line and needs no quotes, else a block mapping.</summary>
    private static void Entry(StringBuilder w, int indent, string key, List<(string Key, string Value, bool Raw)> pairs, string? doc)
    {
        var flowParts = pairs.Select(p => (p.Key, p.Value, p.Raw)).ToList();
        if (doc is not null)
        {
            flowParts.Add(("doc", doc, false));
        }

        if (flowParts.All(p => p.Raw || YamlText.IsPlainSafe(p.Value, inFlow: true)))
        {
            var flow = key + ": { " + string.Join(", ", flowParts.Select(p => p.Key + ": " + p.Value)) + " }";
            if (indent + flow.Length <= Width)
            {
                w.Append(' ', indent).Append(flow).Append('\n');
                return;
            }
        }

        w.Append(' ', indent).Append(YamlText.Scalar(key)).Append(":\n");
        foreach (var (k, v, raw) in pairs)
        {
            w.Append(' ', indent + 2).Append(k).Append(": ").Append(raw ? v : YamlText.Scalar(v)).Append('\n');
        }

        Doc(w, indent + 2, doc);
    }

    private static void Pair(StringBuilder w, int indent, string key, string value) =>
        w.Append(' ', indent).Append(YamlText.Scalar(key)).Append(": ").Append(YamlText.Scalar(value)).Append('\n');

    /// <summary>A short one-line doc plain; anything longer or with several lines as a folded block scalar.</summary>
    private static void Doc(StringBuilder w, int indent, string? doc)
    {
        if (doc is null)
        {
            return;
        }

        if (doc.IndexOf('\n') < 0 && YamlText.IsPlainSafe(doc, inFlow: false) && indent + "doc: ".Length + doc.Length <= Width)
        {
            w.Append(' ', indent).Append("doc: ").Append(doc).Append('\n');
        }
        else if (YamlText.CanFold(doc))
        {
            w.Append(' ', indent).Append("doc: >-\n");
            foreach (var line in YamlText.Folded(doc, indent + 2, Width))
            {
                w.Append(line).Append('\n');
            }
        }
        else
        {
            w.Append(' ', indent).Append("doc: ").Append(YamlText.Quote(doc)).Append('\n');
        }
    }
}
