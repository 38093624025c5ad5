using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Neptune.CodeGen.Reading;

/// <summary>Reads YAML text into YamlDotNet's node tree, which keeps the line and column of every node.</summary>
internal static class SpecReader
{
    /// <summary>
    /// The deepest nesting of mappings and sequences accepted. A spec needs about five levels. YamlDotNet builds its node
    /// tree recursively, so a small file of nothing but <c>[[[[…</c> would otherwise overflow the stack and take the
    /// compiler process down with it (no exception handler can catch that).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The longest spec file read, in characters (4 MiB). The whole Neptune Data API is about 100 KB of specs; a file far past
    /// that is a mistake (a data file marked as a spec) and parsing and generating from it would stall every build and the IDE.
    /// </summary>
    public const int MaxLength = 4 * 1024 * 1024;

    /// <summary>
    /// Parses the text; on a syntax error returns null and the error's location and message. A spec is one YAML document:
    /// the first is returned, and <paramref name="extraDocument"/> locates the next one that has content (a bare <c>---</c>
    /// or <c>...</c> at the end is not a document worth reporting).
    /// </summary>
    public static YamlNode? Read(string path, SourceText text, out DiagnosticInfo? error, out LocationInfo? extraDocument)
    {
        error = null;
        extraDocument = null;
        var source = text.ToString();
        var nul = source.IndexOf('\0');
        if (nul >= 0)
        {
            // YamlDotNet reads a NUL as the end of a line or of the file, silently dropping what follows it.
            error = DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.YamlSyntaxError, Locate(path, text, nul, nul + 1),
                "the file contains a NUL character (U+0000), which YAML does not allow (is it a binary file, or saved as UTF-16?)");
            return null;
        }

        // YamlDotNet reads a byte order mark at the start of a string as text; the compiler strips it when it decodes a file,
        // other hosts may not. Locate adds it back to every position.
        var parser = new GuardedParser(new Parser(new StringReader(HasByteOrderMark(text) ? source.Substring(1) : source)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            var extra = stream.Documents.Skip(1).Select(d => d.RootNode).FirstOrDefault(HasContent);
            if (extra is not null)
            {
                var first = extra is YamlMappingNode { Children.Count: > 0 } mapping ? mapping.Children[0].Key : extra;
                extraDocument = Locate(path, text, first);
            }

            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException exception)
        {
            var location = Locate(path, text, exception.Start, exception.End);
            if (exception.Message.IndexOf(" tab ", StringComparison.Ordinal) >= 0 && IndentationTab(source, location.Span.Start) is { } tab)
            {
                // YamlDotNet reports a tab used for indentation where the enclosing mapping or scalar starts; point at the tab.
                location = Locate(path, text, tab, tab + 1);
            }

            error = DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.YamlSyntaxError, location, CleanMessage(exception));
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // YamlDotNet fails on some malformed input with other exceptions (an InvalidOperationException for
            // "key: [value" followed by another key, an ArgumentOutOfRangeException for extreme indentation).
            // That is still a syntax error in the spec, reported where reading stopped, not a generator failure.
            error = DiagnosticInfo.Create(
                Diagnostics.DiagnosticDescriptors.YamlSyntaxError,
                Locate(path, text, parser.LastEnd, parser.LastEnd),
                $"the YAML reader stopped after this position ({exception.GetType().Name}: {exception.Message.Replace('\r', ' ').Replace('\n', ' ').TrimEnd('.')})");
            return null;
        }
    }

    private static bool HasByteOrderMark(SourceText text) => text.Length > 0 && text[0] == '\uFEFF';

    /// <summary>The first tab in the leading whitespace of a line, from the line holding <paramref name="from"/> on.</summary>
    private static int? IndentationTab(string text, int from)
    {
        var lineStart = from;
        while (lineStart > 0 && text[lineStart - 1] is not ('\n' or '\r'))
        {
            lineStart--;
        }

        for (var i = lineStart; i < text.Length; i++)
        {
            if (i == lineStart || text[i - 1] is '\n' or '\r')
            {
                var j = i;
                while (j < text.Length && text[j] == ' ')
                {
                    j++;
                }

                if (j < text.Length && text[j] == '\t')
                {
                    return j;
                }
            }
        }

        return null;
    }

    private static bool HasContent(YamlNode root) =>
        root is not YamlScalarNode { Value: null or "", Anchor.IsEmpty: true } || !root.Tag.IsEmpty;

    /// <summary>The location of a node in its file.</summary>
    public static LocationInfo Locate(string path, SourceText text, YamlNode node) => Locate(path, text, node.Start, node.End);

    /// <summary>
    /// The location between two of YamlDotNet's marks. Only their character indexes are used: the line and column come from
    /// the text, the way the compiler counts them, so the span (the IDE's squiggle) and the line/column (the build output)
    /// always agree and lie inside the file. YamlDotNet's own line numbers can point past the end (it counts a line break
    /// that a file without a final newline does not have).
    /// </summary>
    public static LocationInfo Locate(string path, SourceText text, Mark start, Mark end)
    {
        var bom = HasByteOrderMark(text) ? 1 : 0;
        return Locate(path, text, start.Index + bom, end.Index + bom);
    }

    private static LocationInfo Locate(string path, SourceText text, long start, long end)
    {
        var startIndex = (int)Math.Min(text.Length, Math.Max(0, start));
        var endIndex = (int)Math.Min(text.Length, Math.Max(startIndex, end));
        var span = TextSpan.FromBounds(startIndex, endIndex);
        return new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
    }

    private static string CleanMessage(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is reported separately.
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return (marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message).Trim().TrimEnd('.');
    }

    /// <summary>
    /// Passes YamlDotNet's (non-recursive) parser events through to its (recursive) tree builder, stopping with a
    /// <see cref="YamlException"/> before the input can crash the process:
    /// a mapping or sequence deeper than <see cref="MaxDepth"/> (the builder would overflow the stack), and an alias
    /// to an anchor that is not complete yet (<c>? &amp;k [*k]</c> builds a node that contains itself, and hashing it
    /// as a mapping key overflows the stack). Aliases to earlier, complete nodes can never form a cycle, so they work.
    /// </summary>
    private sealed class GuardedParser : IParser
    {
        private readonly IParser _inner;
        private readonly Stack<AnchorName> _open = new();
        private readonly HashSet<string> _complete = new(StringComparer.Ordinal);

        public GuardedParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        /// <summary>Where the last event read ended: the best position to report when the reader fails.</summary>
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }

            var current = _inner.Current!;
            switch (current)
            {
                case NodeEvent { Anchor.IsEmpty: false } node when node is MappingStart or SequenceStart:
                    _complete.Remove(node.Anchor.Value);
                    Open(current, node.Anchor);
                    break;
                case MappingStart or SequenceStart:
                    Open(current, AnchorName.Empty);
                    break;
                case MappingEnd or SequenceEnd:
                    var anchor = _open.Pop();
                    if (!anchor.IsEmpty)
                    {
                        _complete.Add(anchor.Value);
                    }

                    break;
                case Scalar { Anchor.IsEmpty: false } scalar:
                    _complete.Add(scalar.Anchor.Value);
                    break;
                case AnchorAlias alias when !_complete.Contains(alias.Value.Value):
                    throw new YamlException(current.Start, current.End,
                        $"the alias '*{alias.Value.Value}' must refer to an anchor defined earlier, outside the mapping or list that holds the alias");
            }

            LastEnd = current.End;
            return true;
        }

        private void Open(ParsingEvent current, AnchorName anchor)
        {
            if (_open.Count >= MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"mappings and lists nested more than {MaxDepth} levels deep are not supported");
            }

            _open.Push(anchor);
        }
    }
}
