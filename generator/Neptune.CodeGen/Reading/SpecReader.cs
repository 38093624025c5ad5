using System;
using System.IO;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Neptune.CodeGen.Reading;

/// <summary>Reads YAML text into YamlDotNet's node tree, which keeps the line and column of every node.</summary>
internal static class SpecReader
{
    /// <summary>Parses the text; on a syntax error returns null and the error's location and message.</summary>
    public static YamlNode? Read(string path, string text, out DiagnosticInfo? error)
    {
        error = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException exception)
        {
            error = DiagnosticInfo.Create(
                Diagnostics.DiagnosticDescriptors.YamlSyntaxError,
                Locate(path, exception.Start, exception.End),
                CleanMessage(exception));
            return null;
        }
    }

    /// <summary>The location of a node in its file.</summary>
    public static LocationInfo Locate(string path, YamlNode node) => Locate(path, node.Start, node.End);

    public static LocationInfo Locate(string path, Mark start, Mark end)
    {
        var startIndex = (int)Math.Max(0, start.Index);
        var endIndex = (int)Math.Max(startIndex, end.Index);
        var startLine = new LinePosition((int)Math.Max(0, start.Line - 1), (int)Math.Max(0, start.Column - 1));
        var endLine = new LinePosition((int)Math.Max(0, end.Line - 1), (int)Math.Max(0, end.Column - 1));
        if (endLine < startLine)
        {
            endLine = startLine;
        }

        return new LocationInfo(path, TextSpan.FromBounds(startIndex, endIndex), new LinePositionSpan(startLine, endLine));
    }

    private static string CleanMessage(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is reported separately.
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return (marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message).Trim();
    }
}
