using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Spec text ends up in XML doc comments, string literals and comments of generated code. Hostile text — comment and XML
/// terminators, markup, quotes, backslashes, CRLF and the other characters C# treats as line breaks (CR, U+0085, U+2028,
/// U+2029) — must neither break the XML docs nor escape into code. Every attempt below tries to declare a class "Evil…".
/// </summary>
public sealed class DocSafetyTests
{
    // YAML double-quoted escapes: \r \n \u2028 (line separator) \u2029 (paragraph separator) \N (U+0085, next line).
    private const string Hostile = @"*/ </summary> <script>alert('x')</script> & &amp; \""q\"" 'q' \\ back\\slash\r\nclass EvilCrLf {}\rclass EvilCr {}\nclass EvilLf {}\u2028class EvilLs {}\u2029class EvilPs {}\Nclass EvilNel {} ]]> <!-- --> <![CDATA[ x";

    private static readonly Lazy<GeneratorRun> LazyRun = new(() =>
    {
        var nl = "\r\n"; // The spec files themselves use CRLF.
        var service = string.Join(nl,
            "service: Inject",
            "namespace: Acme.Inject",
            $"apiVersion: \"2024-01-01 {Hostile}\"",
            $"signingName: \"sig {Hostile}\"",
            $"doc: \"{Hostile}\"",
            "errors:",
            "  BadThing:",
            "    status: 400",
            $"    doc: \"{Hostile}\"",
            "shapes:",
            "  Kind:",
            "    type: enum",
            $"    doc: \"{Hostile}\"",
            "    values:",
            "      One:",
            $"        value: \"one {Hostile}\"",
            $"        doc: \"{Hostile}\"",
            "  Thing:",
            "    type: structure",
            $"    doc: \"{Hostile}\"",
            "    members:",
            "      note:",
            "        type: string",
            $"        name: \"note {Hostile}\"",
            $"        doc: \"{Hostile}\"",
            $"        default: \"{Hostile}\"",
            "");
        var operation = string.Join(nl,
            "operation: DoThing",
            $"doc: \"{Hostile}\"",
            $"iamAction: \"inject:{Hostile}\"",
            "http:",
            "  method: POST",
            "  uri: /things/{id}",
            "errors: [ BadThing ]",
            "input:",
            $"  id: {{ in: label, type: string, required: true, doc: \"{Hostile}\" }}",
            $"  header: {{ in: header, name: \"X-Odd!#$%&'*+-.^_`|~Name\", type: string, doc: \"{Hostile}\" }}",
            $"  query: {{ in: query, name: \"q {Hostile}\", type: string, default: \"{Hostile}\" }}",
            $"  body: {{ type: string, name: \"b {Hostile}\", min: 1, max: 5, doc: \"{Hostile}\" }}",
            "  thing: Thing",
            "output:",
            $"  kind: {{ type: Kind, doc: \"{Hostile}\" }}",
            $"  text: {{ in: header, name: X-T, type: string, doc: \"{Hostile}\" }}",
            "");

        // A file name with line separators ends up in the generated header comment.
        return GeneratorHarness.Run(
            ("/specs/inject/service.yaml", service),
            ("/specs/inject/do\u2028class EvilFileName {}\rthing.yaml", operation));
    });

    [Fact]
    public void Hostile_text_is_accepted_by_the_generator()
    {
        var run = LazyRun.Value;
        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        Assert.Equal(
            new[] { "Acme.Inject.Inject-Shapes.g.cs", OperationFileNames.Of("Acme.Inject", "Inject", "DoThing"), "Acme.Inject.Inject.g.cs" }.OrderBy(h => h, StringComparer.Ordinal),
            run.Sources.Select(s => s.HintName));
    }

    [Fact]
    public void Hostile_text_compiles_with_well_formed_docs_and_declares_nothing_extra()
    {
        var compilation = CompilationHarness.Compile("Inject", LazyRun.Value.Sources);

        var diagnostics = CompilationHarness.Diagnostics(compilation);
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));

        // No text escaped into code: the only types are the ones the generator declares.
        var types = compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            .Select(t => t.Identifier.ValueText)
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "BadThing", "DoThingRequest", "DoThingResponse", "DoThingWire", "IInjectClient", "IInjectClient", "Inject", "InjectClient",
                "InjectClient", "InjectClientOptions", "InjectClientServiceCollectionExtensions", "InjectErrors", "InjectException",
                "InjectJsonShapes", "InjectModelFactory", "Kind", "Thing",
            }.Where(n => n != "Inject").OrderBy(n => n, StringComparer.Ordinal),
            types);
        Assert.Empty(compilation.GetSymbolsWithName(n => n.StartsWith("Evil", StringComparison.Ordinal), SymbolFilter.All));
    }

    [Fact]
    public void Every_doc_comment_is_well_formed_xml_and_keeps_the_text()
    {
        var checkedComments = 0;
        foreach (var file in LazyRun.Value.Sources)
        {
            var tree = CSharpSyntaxTree.ParseText(file.Text, CompilationHarness.ParseOptions);
            foreach (var trivia in tree.GetRoot().DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)))
            {
                var xml = string.Concat(trivia.ToFullString().Split('\n').Select(line => line.TrimStart().StartsWith("///", StringComparison.Ordinal) ? line.TrimStart().Substring(3) + "\n" : line));
                var parsed = XElement.Parse("<doc>" + xml + "</doc>");
                Assert.All(parsed.Elements(), e => Assert.Contains(e.Name.LocalName, new[] { "summary", "remarks", "param", "returns", "exception", "inheritdoc" }));
                checkedComments++;
            }

            // Every line of a doc comment starts with '///': the text never continues on a line of its own.
            foreach (var line in file.Text.Split('\n'))
            {
                Assert.DoesNotContain('\r', line);
                Assert.False(line.IndexOfAny(new[] { '\u2028', '\u2029', '\u0085' }) >= 0 && !line.TrimStart().StartsWith("///", StringComparison.Ordinal) && !line.Contains('"', StringComparison.Ordinal),
                    $"{file.HintName}: a Unicode line break outside a doc comment or literal: {line}");
            }
        }

        Assert.True(checkedComments > 30, $"Only {checkedComments} doc comments were checked.");

        // The text survives, escaped: the service doc appears in the client's remarks.
        var service = LazyRun.Value.Source("Acme.Inject.Inject.g.cs");
        Assert.Contains("*/ &lt;/summary&gt; &lt;script&gt;alert('x')&lt;/script&gt; &amp; &amp;amp; \"q\" 'q' \\ back\\slash", service, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_wire_names_and_values_survive_exactly_in_string_literals()
    {
        var assembly = CompilationHarness.CompileAndLoad("InjectRuntime", LazyRun.Value.Sources);
        var kind = assembly.GetType("Acme.Inject.Kind", throwOnError: true)!;
        var one = kind.GetProperty("One", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var expected = "one " + Unescape(Hostile);
        Assert.Equal(expected, kind.GetProperty("Value")!.GetValue(one));
    }

    // The YAML escapes used in Hostile, decoded.
    private static string Unescape(string yaml) => yaml
        .Replace("\\\"", "\"").Replace("\\\\", "\\").Replace("\\r", "\r").Replace("\\n", "\n")
        .Replace("\\u2028", "\u2028").Replace("\\u2029", "\u2029").Replace("\\N", "\u0085");
}
