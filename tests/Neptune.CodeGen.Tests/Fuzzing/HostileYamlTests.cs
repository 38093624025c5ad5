using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>
/// Hostile files: huge, one enormous line, odd encodings and line endings, several documents, text that changes between
/// reads, and the nesting and alias bombs. Each ends in generated code or located diagnostics, within the fuzzer's bound
/// (<see cref="GeneratorInvariants.CancelAfter"/>, a hang guard, not a speed test).
/// </summary>
public sealed class HostileYamlTests
{
    private const string Dir = "/repo/specs/svc";
    private const string ServicePath = Dir + "/service.yaml";
    private const string Service = "service: Svc\nnamespace: Acme.Svc\napiVersion: \"1\"\nsigningName: svc\n";
    private const string Operation = "operation: Op\ndoc: Reads a thing.\nhttp:\n  method: GET\n  uri: /things/{id}\ninput:\n  id:\n    in: label\n    type: string\n    required: true\noutput:\n  status: string\n";

    private static GeneratorRunResult Check(params FuzzFile[] files) => GeneratorInvariants.Check(files);

    private static GeneratorRunResult CheckOperation(string text) =>
        Check(new FuzzFile(ServicePath, Service), new FuzzFile(Dir + "/Op.yaml", text));

    private static string OperationSource(GeneratorRunResult result) =>
        result.GeneratedSources.Single(s => s.HintName == OperationFileNames.Of("Acme.Svc", "Svc", "Op")).SourceText.ToString();

    [Fact]
    public void A_20_MB_spec_is_reported_as_too_large_at_its_first_line_without_being_parsed()
    {
        var builder = new StringBuilder(Operation);
        for (var i = 0; builder.Length < 20 * 1024 * 1024; i++)
        {
            builder.Append("  m").Append(i).Append(": { type: string, doc: Member number ").Append(i).Append(". }\n");
        }

        var result = CheckOperation(builder.ToString());

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("NCG0020", diagnostic.Id);
        Assert.Contains("more than the 4194304 a spec may have", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(new LinePosition(0, 0), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Acme.Svc.Svc.g.cs");
    }

    [Fact]
    public void A_20_MB_yaml_file_that_is_not_a_spec_is_ignored_when_not_marked()
    {
        var text = "data:\n" + string.Concat(Enumerable.Repeat("  - [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]\n", 20 * 1024 * 1024 / 50));

        var result = Check(new FuzzFile(ServicePath, Service), new FuzzFile(Dir + "/data.yaml", text, Marked: false));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_spec_just_under_the_size_limit_is_read_and_generated()
    {
        // 4 MB, read and bound like any spec (the limit is not an accident of the parser): mostly comment lines, so the
        // generated code (checked to compile) stays small.
        var comments = string.Concat(Enumerable.Repeat("# A comment line that the reader has to get through.\n", 4_000_000 / 53));
        var text = Operation.Replace("output:", comments + "output:", StringComparison.Ordinal);
        Assert.InRange(text.Length, 3_900_000, 4 * 1024 * 1024);

        var result = CheckOperation(text);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("public string? Status { get; set; }", OperationSource(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_1_MB_line_of_documentation_is_generated_and_compiles()
    {
        var longDoc = string.Concat(Enumerable.Repeat("word ", 1024 * 1024 / 5));
        var result = CheckOperation(Operation.Replace("Reads a thing.", longDoc.Trim(), StringComparison.Ordinal));

        Assert.Empty(result.Diagnostics);
        Assert.Contains("word word word", OperationSource(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_1_MB_line_that_never_closes_its_quote_is_a_located_syntax_error()
    {
        var text = "operation: Op\nhttp: { method: GET, uri: /x }\ndoc: \"" + new string('x', 1024 * 1024) + "\n";

        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void A_byte_order_mark_is_ignored_in_text_and_in_bytes()
    {
        var plain = CheckOperation(Operation);
        var withBom = CheckOperation("\uFEFF" + Operation);
        var fromBytes = GeneratorInvariants.RunBounded(GeneratorHarness.CreateDriver(
            new AdditionalText[] { new TestAdditionalText(ServicePath, Service), FromBytes(Dir + "/Op.yaml", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Operation)).ToArray()) },
            new[] { ServicePath, Dir + "/Op.yaml" }));

        Assert.Empty(withBom.Diagnostics);
        Assert.Empty(fromBytes.Diagnostics);
        Assert.Equal(OperationSource(plain), OperationSource(withBom));
        Assert.Equal(OperationSource(plain), OperationSource(fromBytes));
    }

    [Fact]
    public void An_error_after_a_byte_order_mark_is_located_at_its_column()
    {
        var text = "\uFEFFoperation: Op\nhttp: { method: FETCH, uri: /x }\n";

        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0005", diagnostic.Id);
        Assert.Equal("FETCH", text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(new LinePosition(1, 16), diagnostic.Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void A_byte_order_mark_does_not_hide_a_broken_unmarked_spec()
    {
        // An unmarked file is read as a spec when it starts with 'operation:'; a BOM in front must not change that.
        var result = Check(new FuzzFile(ServicePath, Service), new FuzzFile(Dir + "/Op.yaml", "\uFEFFoperation: [Op\n", Marked: false));

        Assert.Equal("NCG0001", Assert.Single(result.Diagnostics).Id);
    }

    [Theory]
    [InlineData("operation: Op\0\nhttp: { method: GET, uri: /x }\n", 0)]
    [InlineData("operation: Op\nhttp: { method: GET, uri: /x }\ndoc: \"a\0b\"\n", 2)]
    [InlineData("\0", 0)]
    public void NUL_characters_are_a_located_syntax_error(string text, int line)
    {
        // YamlDotNet alone reads a NUL as a line break or the end of the file, silently dropping what follows.
        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Contains("NUL character", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal('\0', text[diagnostic.Location.SourceSpan.Start]);
    }

    [Fact]
    public void Invalid_UTF8_read_the_way_the_compiler_reads_files_ends_in_a_result()
    {
        // 0xFF and a lone continuation byte in a doc string, an overlong encoding in a key. The compiler decodes
        // AdditionalFiles from bytes; undecodable bytes become U+FFFD or the file is read as Latin-1.
        var bytes = Encoding.UTF8.GetBytes(Operation.Replace("Reads a thing.", "Reads a \u0001thing.", StringComparison.Ordinal))
            .Select(b => b == 1 ? (byte)0xFF : b).ToList();
        var badKey = Encoding.UTF8.GetBytes("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a").Concat(new byte[] { 0xC0, 0xAF }).Concat(Encoding.UTF8.GetBytes(": string\n"));

        var docResult = GeneratorInvariants.RunBounded(GeneratorHarness.CreateDriver(
            new AdditionalText[] { new TestAdditionalText(ServicePath, Service), FromBytes(Dir + "/Op.yaml", bytes.ToArray()) }, new[] { ServicePath, Dir + "/Op.yaml" }));
        var keyText = FromBytes(Dir + "/Op.yaml", badKey.ToArray());
        var keyResult = GeneratorInvariants.RunBounded(GeneratorHarness.CreateDriver(
            new AdditionalText[] { new TestAdditionalText(ServicePath, Service), keyText }, new[] { ServicePath, Dir + "/Op.yaml" }));

        Assert.Empty(docResult.Diagnostics);
        GeneratorInvariants.CheckCompiles(docResult);
        var diagnostic = Assert.Single(keyResult.Diagnostics);
        Assert.Equal("NCG0011", diagnostic.Id); // the decoded key is not a C# identifier
        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        GeneratorInvariants.CheckDiagnostics(keyResult, new Dictionary<string, string> { [Dir + "/Op.yaml"] = keyText.GetText()!.ToString() });
    }

    [Fact]
    public void Tabs_used_for_indentation_are_a_syntax_error_at_the_tab()
    {
        var text = "operation: Op\nhttp:\n\tmethod: GET\n\turi: /x\n";

        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Contains("tab", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(new LinePosition(2, 0), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal('\t', text[diagnostic.Location.SourceSpan.Start]);
    }

    [Fact]
    public void Tabs_inside_values_and_after_keys_are_fine()
    {
        var result = CheckOperation("operation:\tOp\nhttp: {\tmethod: GET,\turi: /x }\ndoc: a\tb\n");

        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void CRLF_and_CR_line_endings_generate_the_same_code_as_LF(string newLine)
    {
        var showcase = Directory.EnumerateFiles(RepoPaths.TestSpecs, "*.yaml").OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new FuzzFile("/showcase/" + Path.GetFileName(p), File.ReadAllText(p).Replace("\r\n", "\n", StringComparison.Ordinal)))
            .ToList();

        var lf = GeneratorInvariants.Check(showcase, compile: false);
        var other = GeneratorInvariants.Check(showcase.Select(f => f with { Text = f.Text.Replace("\n", newLine, StringComparison.Ordinal) }).ToList(), compile: false);

        Assert.Empty(lf.Diagnostics);
        Assert.Empty(other.Diagnostics);
        Assert.Equal(
            lf.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            other.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Errors_in_files_with_CRLF_or_CR_line_endings_are_at_the_right_line_and_column(string newLine)
    {
        var text = "operation: Op\nhttp:\n  method: GET\n  uri: /x\ninput:\n  a: { type: strng }\n".Replace("\n", newLine, StringComparison.Ordinal);

        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0012", diagnostic.Id);
        Assert.Equal(new LinePosition(5, 13), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal("strng", text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_second_document_is_reported_where_it_starts_and_the_first_is_still_generated()
    {
        var text = "operation: A\nhttp: { method: GET, uri: /a }\n---\noperation: B\nhttp: { method: GET, uri: /b }\n";

        var result = Check(new FuzzFile(ServicePath, Service), new FuzzFile(Dir + "/Op.yaml", text));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("NCG0019", diagnostic.Id);
        Assert.Equal(new LinePosition(3, 0), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains("Move it into a file of its own", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(result.GeneratedSources, s => s.HintName == OperationFileNames.Of("Acme.Svc", "Svc", "A"));
    }

    [Theory]
    [InlineData("---\noperation: Op\nhttp: { method: GET, uri: /x }\n")]
    [InlineData("operation: Op\nhttp: { method: GET, uri: /x }\n---\n")]
    [InlineData("operation: Op\nhttp: { method: GET, uri: /x }\n...\n")]
    [InlineData("operation: Op\nhttp: { method: GET, uri: /x }\n---\n# only a comment\n...\n---\n")]
    public void Document_markers_with_nothing_after_them_are_fine(string text)
    {
        var result = CheckOperation(text);

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == OperationFileNames.Of("Acme.Svc", "Svc", "Op"));
    }

    [Fact]
    public void A_second_document_that_is_a_scalar_or_a_list_is_reported_too()
    {
        var scalar = CheckOperation("operation: Op\nhttp: { method: GET, uri: /x }\n--- text\n");
        var list = CheckOperation("operation: Op\nhttp: { method: GET, uri: /x }\n---\n- a\n");

        Assert.Equal(new LinePosition(2, 4), Assert.Single(scalar.Diagnostics, d => d.Id == "NCG0019").Location.GetLineSpan().StartLinePosition);
        Assert.Equal(new LinePosition(3, 0), Assert.Single(list.Diagnostics, d => d.Id == "NCG0019").Location.GetLineSpan().StartLinePosition);
    }

    [Fact]
    public void A_file_whose_text_changes_on_every_read_is_read_once_per_run_and_located_in_what_was_read()
    {
        var versions = new[]
        {
            Operation,
            "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: { type: strng }\n",
            "operation: Op\nhttp: {",
            string.Empty,
            Operation.Substring(0, 40),
        };
        var changing = new ChangingText(Dir + "/Op.yaml", versions);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { new TestAdditionalText(ServicePath, Service), changing }, new[] { ServicePath, changing.Path });

        for (var run = 0; run < versions.Length; run++)
        {
            if (run > 0)
            {
                // A new instance each run, as the compiler makes when a file changes, over the same changing source.
                var replacement = changing.Next();
                driver = driver.ReplaceAdditionalText(changing, replacement);
                changing = replacement;
            }

            var reads = changing.Reads;
            var result = GeneratorInvariants.RunBounded(ref driver);

            // One read per run: parsing and locating use the same text, so every position fits the version that was read.
            Assert.Equal(reads + 1, changing.Reads);
            GeneratorInvariants.CheckDiagnostics(result, new Dictionary<string, string> { [ServicePath] = Service, [changing.Path] = changing.LastText! });
        }

        Assert.Equal(versions.Length, changing.Reads);
    }

    [Fact]
    public void A_file_the_compiler_could_not_read_adds_nothing_of_its_own()
    {
        // AdditionalText.GetText returns null when the file cannot be read; the compiler reports that itself.
        var result = GeneratorInvariants.RunBounded(GeneratorHarness.CreateDriver(
            new AdditionalText[] { new TestAdditionalText(ServicePath, Service), new UnreadableText(Dir + "/Op.yaml") }, new[] { ServicePath, Dir + "/Op.yaml" }));

        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Acme.Svc.Svc.g.cs");
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(200_000)]
    public void Deep_flow_nesting_is_a_located_syntax_error(int depth)
    {
        var text = "operation: Op\nhttp: { method: GET, uri: /x }\ninput: " + new string('[', depth) + new string(']', depth) + "\n";

        var diagnostic = Assert.Single(CheckOperation(text).Diagnostics);

        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Contains("nested more than 64 levels", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_of_a_billion_expansions_ends_quickly_in_a_result()
    {
        // Nine levels of ten aliases each: 10^9 nodes if expanded. Aliases share the node instead of copying it, and the
        // binder reads each member once, so this is a small spec with an unknown key per level.
        var text = new StringBuilder("operation: Op\nhttp: { method: GET, uri: /x }\nx0: &a0 [lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append('x').Append(level).Append(": &a").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*a" + (level - 1), 10)).Append("]\n");
        }

        var result = CheckOperation(text.ToString());

        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.Equal("NCG0002", d.Id));
    }

    [Fact]
    public void An_alias_bomb_used_as_a_member_type_list_ends_quickly_in_a_result()
    {
        var text = new StringBuilder("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  m0: &a0 { type: string }\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append("  m").Append(level).Append(": &a").Append(level).Append(" { type: list<string>, doc: [")
                .AppendJoin(", ", Enumerable.Repeat("*a" + (level - 1), 10)).Append("] }\n");
        }

        var result = CheckOperation(text.ToString());

        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.Equal("NCG0004", d.Id));
    }

    private static AdditionalText FromBytes(string path, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return new TestAdditionalText(path, SourceText.From(stream, Encoding.UTF8));
    }

    /// <summary>A file that returns the next version of its text on every read (instances made by <see cref="Next"/> share the versions).</summary>
    private sealed class ChangingText : AdditionalText
    {
        private readonly Source _source;

        public ChangingText(string path, string[] versions)
            : this(path, new Source(versions))
        {
        }

        private ChangingText(string path, Source source)
        {
            Path = path;
            _source = source;
        }

        public override string Path { get; }

        public int Reads => _source.Reads;

        public string? LastText => _source.LastText;

        public ChangingText Next() => new(Path, _source);

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_source.Read());

        private sealed class Source
        {
            private readonly string[] _versions;

            public Source(string[] versions) => _versions = versions;

            public int Reads { get; private set; }

            public string? LastText { get; private set; }

            public string Read()
            {
                lock (this)
                {
                    LastText = _versions[Reads++ % _versions.Length];
                    return LastText;
                }
            }
        }
    }

    private sealed class UnreadableText : AdditionalText
    {
        public UnreadableText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }
}
