using System;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Docs;
using Neptune.CodeGen.Import.Writing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>Smithy's HTML documentation as readable plain text, and the way the writer wraps it.</summary>
public sealed class DocTextTests
{
    [Theory]
    [InlineData("<p>Cancels a <b>job</b>.</p>", "Cancels a job.")]
    [InlineData("<p>Set <code>clean</code> to <i>true</i>.</p>", "Set clean to true.")]
    [InlineData("<p>One.</p> <p>Two.</p>", "One.\nTwo.")]
    [InlineData("<fullname>Neptune Data API</fullname> <p>The API.</p>", "Neptune Data API\nThe API.")]
    [InlineData("<p>a &lt; b &amp;&amp; c &gt; d, &quot;q&quot;</p>", "a < b && c > d, \"q\"")]
    [InlineData("<p>LOW –\u00a0 threads</p>", "LOW – threads")]
    [InlineData("<p>Line<br/>break</p>", "Line\nbreak")]
    [InlineData("<p>x < y</p>", "x < y")]
    [InlineData("<p> </p>", null)]
    public void Tags_are_removed_and_text_kept(string html, string? expected) => Assert.Equal(expected, DocText.FromHtml(html));

    [Theory]
    [InlineData("<p>See <a href=\"https://docs.aws.amazon.com/x.html\">the guide</a>.</p>", "See the guide (https://docs.aws.amazon.com/x.html).")]
    [InlineData("<p>See <a href=\"https://a.example/\">https://a.example/</a>.</p>", "See https://a.example/.")]
    [InlineData("<p>See <a href='https://a.example/'></a>.</p>", "See https://a.example/.")]
    [InlineData("<p>Allows <a href=\"https://a.example/#x\"><code>neptune-db:X</code></a> in that cluster.</p>", "Allows neptune-db:X (https://a.example/#x) in that cluster.")]
    public void Links_are_kept_as_text_and_url(string html, string expected) => Assert.Equal(expected, DocText.FromHtml(html));

    [Fact]
    public void Lists_become_lines()
    {
        var html = "<p>One of:</p> <ul> <li> <p> <code>LOW</code> - few threads.</p> </li> <li><p>HIGH - many.</p><p>Second paragraph.</p></li> </ul> " +
                   "<ol><li>first</li><li>second</li></ol><p>After.</p>";

        Assert.Equal("One of:\n- LOW - few threads.\n- HIGH - many.\nSecond paragraph.\n1. first\n2. second\nAfter.", DocText.FromHtml(html));
    }

    [Fact]
    public void Long_docs_are_folded_at_100_columns_and_read_back_as_the_same_text()
    {
        var words = string.Join(' ', Enumerable.Range(0, 60).Select(i => "word" + i));
        var text = words + "\n- item " + words + "\nhttps://docs.aws.amazon.com/neptune/latest/userguide/a-very-long-url-" + new string('x', 120) + ".html end";
        var draft = new Importing.OperationDraft("Op", text, null, "GET", "/", 200, false, false,
            Array.Empty<Importing.MemberDraft>(), Array.Empty<Importing.MemberDraft>(), Array.Empty<string>(), Array.Empty<Importing.ShapeDraft>());

        var yaml = new SpecWriter(null, "m.json").Operation(draft);

        Assert.Contains("doc: >-\n  word0 word1", yaml, StringComparison.Ordinal);
        var lines = yaml.Split('\n');
        Assert.All(lines.Where(l => !l.Contains("https://", StringComparison.Ordinal)), l => Assert.True(l.Length <= 100, l));
        Assert.Equal(text, ReadDoc(yaml));
    }

    [Theory]
    [InlineData("Short and plain.", "doc: Short and plain.\n")]
    [InlineData("Contains: a colon and space", "doc: >-\n  Contains: a colon and space\n")]
    [InlineData("true", "doc: >-\n  true\n")]
    [InlineData("Two\nlines", "doc: >-\n  Two\n\n  lines\n")]
    public void Short_plain_docs_stay_on_the_key_line_and_others_are_block_scalars(string doc, string expected)
    {
        var draft = new Importing.OperationDraft("Op", doc, null, "GET", "/", 200, false, false,
            Array.Empty<Importing.MemberDraft>(), Array.Empty<Importing.MemberDraft>(), Array.Empty<string>(), Array.Empty<Importing.ShapeDraft>());

        var yaml = new SpecWriter(null, "m.json").Operation(draft);

        Assert.Contains("\n" + expected, yaml, StringComparison.Ordinal);
        Assert.Equal(doc, ReadDoc(yaml));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("2023-08-01", "\"2023-08-01\"")]
    [InlineData("10", "\"10\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("- x", "\"- x\"")]
    [InlineData("{id}", "\"{id}\"")]
    [InlineData("/ml/{id}", "/ml/{id}")]
    [InlineData("say \"hi\"\\", "say \"hi\"\\")]
    [InlineData("#tag", "\"#tag\"")]
    public void Scalars_are_plain_only_when_they_read_back_as_the_same_string(string text, string expected) =>
        Assert.Equal(expected, YamlText.Scalar(text));

    private static string ReadDoc(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return ((YamlScalarNode)root.Children[new YamlScalarNode("doc")]).Value!;
    }
}
