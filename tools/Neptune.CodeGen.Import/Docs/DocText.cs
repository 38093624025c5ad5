using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace Neptune.CodeGen.Import.Docs;

/// <summary>
/// Smithy documentation (HTML in AWS models) as plain text: one line per paragraph or list item ("- item", "1. item"),
/// links as <c>text (url)</c>, code and emphasis as their text, entities decoded, white space collapsed.
/// Lines are not wrapped here; the YAML writer wraps them.
/// </summary>
internal static class DocText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "fullname", "note", "important", "pre", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "tr", "blockquote",
    };

    /// <summary>Returns the plain text, or null when nothing but markup and white space is left.</summary>
    public static string? FromHtml(string html)
    {
        var state = new State();
        var i = 0;
        while (i < html.Length)
        {
            var tagEnd = html[i] == '<' ? TagEnd(html, i) : -1;
            if (tagEnd < 0)
            {
                var next = html.IndexOf('<', i + 1);
                var end = next < 0 ? html.Length : next;
                state.Text(WebUtility.HtmlDecode(html.Substring(i, end - i)));
                i = end;
                continue;
            }

            state.Tag(html.Substring(i + 1, tagEnd - i - 1));
            i = tagEnd + 1;
        }

        state.Flush();
        return state.Lines.Count == 0 ? null : string.Join("\n", state.Lines);
    }

    /// <summary>The index of the '>' closing a tag that starts at <paramref name="start"/>, or -1 when the '<' is just text.</summary>
    private static int TagEnd(string html, int start)
    {
        if (start + 1 >= html.Length || !(char.IsLetter(html[start + 1]) || html[start + 1] == '/' || html[start + 1] == '!'))
        {
            return -1;
        }

        return html.IndexOf('>', start + 1);
    }

    private sealed class State
    {
        private readonly StringBuilder _line = new();
        private readonly Stack<(bool Ordered, int Count)> _lists = new();
        private readonly Stack<(string? Href, int Start)> _links = new();
        private string _prefix = string.Empty;

        public List<string> Lines { get; } = new();

        public void Text(string text) => _line.Append(text);

        public void Tag(string content)
        {
            if (content.StartsWith("!", StringComparison.Ordinal))
            {
                return; // comment or doctype
            }

            var closing = content.StartsWith("/", StringComparison.Ordinal);
            var body = closing ? content.Substring(1) : content;
            var selfClosing = body.EndsWith("/", StringComparison.Ordinal);
            body = body.TrimEnd('/').Trim();
            var nameEnd = 0;
            while (nameEnd < body.Length && (char.IsLetterOrDigit(body[nameEnd]) || body[nameEnd] == '-'))
            {
                nameEnd++;
            }

            var name = body.Substring(0, nameEnd).ToLowerInvariant();
            switch (name)
            {
                case "ul" or "ol" when !closing:
                    Flush();
                    _lists.Push((name == "ol", 0));
                    break;
                case "ul" or "ol":
                    Flush();
                    if (_lists.Count > 0)
                    {
                        _lists.Pop();
                    }

                    break;
                case "li" when !closing:
                    Flush();
                    if (_lists.Count > 0)
                    {
                        var (ordered, count) = _lists.Pop();
                        _lists.Push((ordered, count + 1));
                        _prefix = ordered ? (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " : "- ";
                    }
                    else
                    {
                        _prefix = "- ";
                    }

                    break;
                case "li":
                    Flush();
                    break;
                case "a" when !closing && !selfClosing:
                    _links.Push((Href(body), _line.Length));
                    break;
                case "a" when closing && _links.Count > 0:
                    var (href, start) = _links.Pop();
                    var text = Collapse(_line.ToString(start, _line.Length - start)).Trim();
                    if (!string.IsNullOrWhiteSpace(href) && text != href)
                    {
                        _line.Append(text.Length == 0 ? href : " (" + href + ")");
                    }

                    break;
                case "p" when !closing && _prefix.Length > 0 && Collapse(_line.ToString()).Trim().Length == 0:
                    // The first paragraph of a list item is the item's text.
                    break;
                default:
                    // Inline markup (code, b, i, em, ...) keeps just its text: "<code>x</code>," stays "x,".
                    if (BlockTags.Contains(name))
                    {
                        Flush();
                    }

                    break;
            }
        }

        public void Flush()
        {
            var text = Collapse(_line.ToString()).Trim();
            _line.Clear();
            _links.Clear();
            if (text.Length > 0)
            {
                Lines.Add(_prefix + text);
                _prefix = string.Empty;
            }
        }

        private static string? Href(string tag)
        {
            var index = tag.IndexOf("href", StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return null;
            }

            var i = index + 4;
            while (i < tag.Length && (tag[i] == ' ' || tag[i] == '='))
            {
                i++;
            }

            if (i >= tag.Length)
            {
                return null;
            }

            var quote = tag[i];
            if (quote is '"' or '\'')
            {
                var end = tag.IndexOf(quote, i + 1);
                return WebUtility.HtmlDecode(end < 0 ? tag.Substring(i + 1) : tag.Substring(i + 1, end - i - 1)).Trim();
            }

            var stop = tag.IndexOf(' ', i);
            return WebUtility.HtmlDecode(stop < 0 ? tag.Substring(i) : tag.Substring(i, stop - i)).Trim();
        }

        /// <summary>Every run of white space (including no-break spaces and line breaks) becomes one space.</summary>
        private static string Collapse(string text)
        {
            var result = new StringBuilder(text.Length);
            var space = false;
            foreach (var ch in text)
            {
                if (char.IsWhiteSpace(ch) || char.IsControl(ch))
                {
                    space = true;
                    continue;
                }

                if (space && result.Length > 0)
                {
                    result.Append(' ');
                }

                space = false;
                result.Append(ch);
            }

            if (space)
            {
                result.Append(' ');
            }

            return result.ToString();
        }
    }
}
