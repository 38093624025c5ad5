using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Neptune.CodeGen.Import.Writing;

/// <summary>YAML scalars as a person would write them: plain when that reads back as the same string, else double-quoted.</summary>
internal static partial class YamlText
{
    /// <summary>Words that YAML (1.1 or 1.2) would read as null or a boolean.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
    };

    /// <summary>A plain scalar when <paramref name="text"/> reads back unchanged as a string, else a double-quoted one.</summary>
    public static string Scalar(string text, bool inFlow = false) => IsPlainSafe(text, inFlow) ? text : Quote(text);

    /// <summary>True when the text, written plain, is read back as exactly this string (not a number, bool, null or date).</summary>
    public static bool IsPlainSafe(string text, bool inFlow)
    {
        if (text.Length == 0 || text != text.Trim() || Reserved.Contains(text) || LooksTyped().IsMatch(text))
        {
            return false;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".IndexOf(text[0]) >= 0)
        {
            return false;
        }

        if (text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            return false;
        }

        if (inFlow && text.IndexOfAny(new[] { ',', '[', ']', '{', '}' }) >= 0)
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (char.IsControl(ch) || ch == '\u2028' || ch == '\u2029' || ch == '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A number; a string of digits, dots and signs a YAML reader might take for one; a date or time.</summary>
    public static bool LooksLikeNumber(string text) => LooksTyped().IsMatch(text);

    public static string Quote(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\t': result.Append("\\t"); break;
                case '\r': result.Append("\\r"); break;
                default:
                    if (char.IsControl(ch) || ch == '\u2028' || ch == '\u2029' || ch == '\uFEFF')
                    {
                        result.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(ch);
                    }

                    break;
            }
        }

        return result.Append('"').ToString();
    }

    /// <summary>
    /// Text as the lines of a folded block scalar (<c>&gt;-</c>) at the given indent: each of its lines (paragraph or list
    /// item) wrapped at <paramref name="width"/> columns, with a blank line between them, which folding reads back as one
    /// line break. Words longer than the width (URLs) stay whole.
    /// </summary>
    public static IEnumerable<string> Folded(string text, int indent, int width)
    {
        var pad = new string(' ', indent);
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first)
            {
                yield return string.Empty;
            }

            first = false;
            var current = new StringBuilder();
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length > 0 && indent + current.Length + 1 + word.Length > width)
                {
                    yield return pad + current;
                    current.Clear();
                }

                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(word);
            }

            if (current.Length > 0)
            {
                yield return pad + current;
            }
        }
    }

    /// <summary>True when a folded block scalar reads back as exactly this text (no empty lines, no runs of spaces, no edge spaces).</summary>
    public static bool CanFold(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line != line.Trim() || line.Contains("  ", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var ch in line)
            {
                if (char.IsControl(ch) || ch == '\u2028' || ch == '\u2029' || ch == '\uFEFF')
                {
                    return false;
                }
            }
        }

        return true;
    }

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9]+(:[0-9]{1,2})+(\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LooksTyped();
}
