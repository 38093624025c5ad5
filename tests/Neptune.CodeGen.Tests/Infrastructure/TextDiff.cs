using System;
using System.Text;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>A small unified-style diff: the changed block between the common prefix and suffix, with line numbers and context.</summary>
internal static class TextDiff
{
    /// <summary>Returns null when the texts are equal, else a readable description of the first differing block.</summary>
    public static string? Describe(string expected, string actual, int context = 3, int maxLinesPerSide = 15)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return null;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var prefix = 0;
        while (prefix < e.Length && prefix < a.Length && e[prefix] == a[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < e.Length - prefix && suffix < a.Length - prefix && e[e.Length - 1 - suffix] == a[a.Length - 1 - suffix])
        {
            suffix++;
        }

        var removed = e.Length - prefix - suffix;
        var added = a.Length - prefix - suffix;
        var builder = new StringBuilder();
        builder.Append("@@ -").Append(prefix + 1).Append(',').Append(removed)
            .Append(" +").Append(prefix + 1).Append(',').Append(added)
            .Append(" @@ first difference at line ").Append(prefix + 1)
            .Append(" (snapshot has ").Append(e.Length).Append(" lines, generated has ").Append(a.Length).AppendLine(")");
        for (var i = Math.Max(0, prefix - context); i < prefix; i++)
        {
            AppendLine(builder, ' ', i, e[i]);
        }

        AppendBlock(builder, '-', e, prefix, removed, maxLinesPerSide);
        AppendBlock(builder, '+', a, prefix, added, maxLinesPerSide);
        for (var i = e.Length - suffix; i < Math.Min(e.Length, e.Length - suffix + context); i++)
        {
            AppendLine(builder, ' ', i, e[i]);
        }

        return builder.ToString();
    }

    private static void AppendBlock(StringBuilder builder, char mark, string[] lines, int start, int count, int max)
    {
        for (var i = start; i < start + Math.Min(count, max); i++)
        {
            AppendLine(builder, mark, i, lines[i]);
        }

        if (count > max)
        {
            builder.Append(mark).Append("       ... ").Append(count - max).AppendLine(" more line(s)");
        }
    }

    // Line endings and tabs are made visible: a CRLF snapshot must not look identical to an LF one.
    private static void AppendLine(StringBuilder builder, char mark, int index, string line) =>
        builder.Append(mark).Append(' ').Append((index + 1).ToString().PadLeft(5)).Append(": ")
            .Append(line.Replace("\r", "\\r").Replace("\t", "\\t")).AppendLine();
}
