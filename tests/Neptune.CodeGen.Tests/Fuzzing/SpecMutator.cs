using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>What a mutation does to a spec's text.</summary>
internal enum MutationKind
{
    /// <summary>Replace a scalar with the payload (random text, a number, unicode, empty, a keyword of the format).</summary>
    ReplaceScalar,

    /// <summary>Replace any node (scalar, mapping or list) with a payload of another shape.</summary>
    Retype,

    /// <summary>Remove a key and its value.</summary>
    DropEntry,

    /// <summary>Write a key and its value twice.</summary>
    DuplicateEntry,

    /// <summary>Rename a key.</summary>
    RenameKey,

    /// <summary>Cut the file at a random point.</summary>
    Truncate,

    /// <summary>Insert the payload at a random point.</summary>
    Insert,

    /// <summary>Delete a short run of characters.</summary>
    Delete,
}

/// <summary>One mutation. <see cref="Target"/> picks the node, entry or position (modulo how many there are).</summary>
internal sealed record Mutation(MutationKind Kind, int Target, string Payload)
{
    public override string ToString() => $"{Kind} #{Target} '{Payload.Replace("\n", "\\n", StringComparison.Ordinal)}'";
}

/// <summary>
/// Mutates YAML text in place: nodes are found through YamlDotNet's event parser (never its recursive tree builder, so
/// mutated input cannot crash the test itself) and replaced by their character ranges, so the rest of the file keeps its
/// formatting. A text that no longer parses is still mutated: nodes read before the syntax error, and positions, still work.
/// </summary>
internal static class SpecMutator
{
    /// <summary>Keys and values of the spec format, so mutations reach past "unknown key" into the binder's deeper checks.</summary>
    public static readonly string[] Vocabulary =
    {
        "operation", "service", "namespace", "apiVersion", "signingName", "protocol", "doc", "errors", "shapes", "http", "method",
        "uri", "code", "idempotent", "input", "output", "iamAction", "status", "retryable", "type", "members", "values", "value", "in",
        "name", "required", "default", "min", "max", "timestampFormat", "contentType",
        "string", "boolean", "integer", "long", "double", "timestamp", "blob", "document", "structure", "enum", "list<string>",
        "map<string>", "list<Widget>", "map<list<Widget>>", "\"map<string, integer>\"", "list<>", "list<list<", "Widget", "Color", "Address",
        "body", "label", "query", "header", "payload", "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "FETCH",
        "/x", "/{id}", "/a/{b}/c", "\"/{\"", "/", "/{widgetId}", "date-time", "epoch-seconds", "http-date", "text/plain",
        "BadRequestException", "WidgetNotFoundException", "X-Header", "class", "Equals", "Value",
    };

    public static readonly string[] Numbers =
    {
        "0", "-1", "1", "200", "404", "599", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e308", "-1e308",
        "1e400", ".inf", "-.inf", ".nan", "NaN", "0x1F", "0o17", "1_000", "3.5", "-0", "00012",
    };

    public static readonly string[] Shapes =
    {
        "[]", "{}", "[a, 1]", "{ type: string }", "{ in: query, type: integer, min: 1 }", "~", "null", "''", "\"\"", "true", "false",
        "[[[]]]", "{ a: { b: { c: d } } }", "&a x", "*a", "!!binary aGk=", "!custom x", "|\n  block\n", ">-\n  folded\n", "? complex\n: key",
    };

    public static Gen<string> Payload { get; } = Gen.Frequency(
        (4, (IGen<string>)Gen.OneOf(Vocabulary)),
        (2, Gen.OneOf(Numbers)),
        (2, Gen.OneOf(Shapes)),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.String[Gen.Char[' ', '~'], 0, 24]),
        (1, Gen.String[Gen.Char['\u0080', '\uFFFF'], 0, 8]),
        (1, Gen.String[Gen.Char['\0', '\u001F'], 0, 4]),
        (1, Gen.Const(string.Empty)));

    public static Gen<Mutation> Mutation { get; } =
        Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, 100_000], Payload, (kind, target, payload) => new Mutation(kind, target, payload));

    public static string Apply(string text, IEnumerable<Mutation> mutations)
    {
        foreach (var mutation in mutations)
        {
            text = Apply(text, mutation);
        }

        return text;
    }

    public static string Apply(string text, Mutation mutation)
    {
        var nodes = Scan(text);
        switch (mutation.Kind)
        {
            case MutationKind.ReplaceScalar when Pick(nodes.Where(n => n.IsScalar), mutation.Target) is { } scalar:
                return Replace(text, scalar.Start, scalar.End, mutation.Payload);
            case MutationKind.Retype when Pick(nodes.Where(n => !n.IsKey), mutation.Target) is { } node:
                return Replace(text, node.Start, node.End, mutation.Payload);
            case MutationKind.RenameKey when Pick(nodes.Where(n => n.IsKey), mutation.Target) is { } key:
                return Replace(text, key.Start, key.End, mutation.Payload);
            case MutationKind.DropEntry when Pick(nodes.Where(n => n.IsKey), mutation.Target) is { } key:
                return Replace(text, key.Start, EntryEnd(text, key), string.Empty);
            case MutationKind.DuplicateEntry when Pick(nodes.Where(n => n.IsKey), mutation.Target) is { } key:
                var entry = text.Substring(key.Start, EntryEnd(text, key) - key.Start).TrimEnd().TrimEnd(',');
                var separator = key.InFlow ? ", " : "\n" + new string(' ', key.Column);
                return text.Insert(key.Start, entry + separator);
            case MutationKind.Truncate:
                return text.Substring(0, mutation.Target % (text.Length + 1));
            case MutationKind.Insert:
                return text.Insert(mutation.Target % (text.Length + 1), mutation.Payload);
            case MutationKind.Delete:
                var start = mutation.Target % (text.Length + 1);
                return text.Remove(start, Math.Min(text.Length - start, 1 + (mutation.Target / 7 % 16)));
            default:
                // Nothing of the kind to mutate (a file that no longer parses): cut it instead, still a mutation.
                return text.Substring(0, mutation.Target % (text.Length + 1));
        }
    }

    /// <summary>A node's character range; keys remember where their value ends.</summary>
    private sealed class NodeRange
    {
        public NodeRange(int start, int end, bool isScalar, int column)
        {
            Start = start;
            End = end;
            IsScalar = isScalar;
            Column = column;
        }

        public int Start { get; }

        public int End { get; set; }

        public bool IsScalar { get; }

        public int Column { get; }

        public bool IsKey { get; set; }

        public bool InFlow { get; set; }

        public int ValueEnd { get; set; } = -1;
    }

    private static NodeRange? Pick(IEnumerable<NodeRange> candidates, int target)
    {
        var list = candidates.ToList();
        return list.Count == 0 ? null : list[target % list.Count];
    }

    private static int EntryEnd(string text, NodeRange key)
    {
        var end = key.ValueEnd >= 0 ? key.ValueEnd : key.End;
        // A flow entry takes its comma with it.
        if (key.InFlow)
        {
            var next = end;
            while (next < text.Length && text[next] == ' ')
            {
                next++;
            }

            if (next < text.Length && text[next] == ',')
            {
                end = next + 1;
                while (end < text.Length && text[end] == ' ')
                {
                    end++;
                }
            }
        }

        else
        {
            // A block entry takes the rest of its line and the next line's indentation, so the next key keeps its place.
            var next = end;
            while (next < text.Length && text[next] == ' ')
            {
                next++;
            }

            if (next < text.Length && text[next] is '\n' or '\r')
            {
                next += next + 1 < text.Length && text[next] == '\r' && text[next + 1] == '\n' ? 2 : 1;
                while (next < text.Length && text[next] == ' ')
                {
                    next++;
                }

                end = next;
            }
        }

        return Math.Min(end, text.Length);
    }

    private static string Replace(string text, int start, int end, string replacement) =>
        string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(Math.Min(end, text.Length)));

    /// <summary>Every node the parser reads before the end or the first syntax error.</summary>
    private static List<NodeRange> Scan(string text)
    {
        var nodes = new List<NodeRange>();
        var open = new Stack<OpenCollection>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case Scalar or AnchorAlias:
                        Add(new NodeRange(Index(current.Start, text), Index(current.End, text), current is Scalar, Column(current.Start)));
                        break;
                    case MappingStart mapping:
                        var map = Add(new NodeRange(Index(current.Start, text), -1, false, Column(current.Start)));
                        open.Push(new OpenCollection(map, true, mapping.Style == YamlDotNet.Core.Events.MappingStyle.Flow));
                        break;
                    case SequenceStart sequence:
                        var seq = Add(new NodeRange(Index(current.Start, text), -1, false, Column(current.Start)));
                        open.Push(new OpenCollection(seq, false, sequence.Style == YamlDotNet.Core.Events.SequenceStyle.Flow));
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = open.Pop();
                        closed.Node.End = Math.Max(closed.Node.Start, Index(current.End, text));
                        var bracket = Index(current.Start, text);
                        if (closed.Flow && bracket < text.Length && text[bracket] is '}' or ']')
                        {
                            // YamlDotNet ends a flow collection's end event before its closing bracket.
                            closed.Node.End = Math.Max(closed.Node.End, bracket + 1);
                        }

                        Completed(closed.Node);
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
        {
            // Keep what was read before the error; collections still open have no end.
        }

        nodes.RemoveAll(n => n.End < n.Start);
        return nodes;

        NodeRange Add(NodeRange node)
        {
            if (open.Count > 0 && open.Peek() is { Mapping: true } parent)
            {
                if (parent.ExpectKey)
                {
                    node.IsKey = true;
                    node.InFlow = parent.Flow;
                    parent.PendingKey = node;
                }

                parent.ExpectKey = !parent.ExpectKey;
            }

            nodes.Add(node);
            if (node.End >= 0)
            {
                Completed(node);
            }

            return node;
        }

        // A value just ended: the key of its entry learns where the entry ends.
        void Completed(NodeRange node)
        {
            if (!node.IsKey && open.Count > 0 && open.Peek() is { Mapping: true, ExpectKey: true, PendingKey: { } key })
            {
                key.ValueEnd = node.End;
            }
        }
    }

    private sealed class OpenCollection
    {
        public OpenCollection(NodeRange node, bool mapping, bool flow)
        {
            Node = node;
            Mapping = mapping;
            Flow = flow;
            ExpectKey = mapping;
        }

        public NodeRange Node { get; }

        public bool Mapping { get; }

        public bool Flow { get; }

        public bool ExpectKey { get; set; }

        public NodeRange? PendingKey { get; set; }
    }

    private static int Index(Mark mark, string text) => (int)Math.Clamp(mark.Index, 0, text.Length);

    private static int Column(Mark mark) => (int)Math.Max(0, mark.Column - 1);
}
