using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>Which files the generator reads, how it treats names, and that no input makes it throw.</summary>
public sealed class InputHandlingTests
{
    private const string ServicePath = "/repo/specs/svc/service.yaml";

    private const string Service = "service: Svc\nnamespace: Acme.Svc\napiVersion: \"2024-01-01\"\nsigningName: svc\n";

    private const string DockerCompose = "version: \"3.9\"\nservices:\n  web:\n    image: nginx:latest\n    ports:\n      - \"8080:80\"\n";

    [Fact]
    public void Unrelated_yaml_files_that_are_not_marked_as_specs_are_ignored()
    {
        var run = GeneratorHarness.RunUnmarked(
            ("/repo/docker-compose.yaml", DockerCompose),
            ("/repo/.github/workflows/ci.yml", "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"),
            ("/repo/broken.yaml", "key: [unclosed\n\tbad: {"),
            // A Serverless Framework file has a root 'service' key too, but none of a spec's other keys.
            ("/repo/serverless.yml", "service: my-api\nprovider:\n  name: aws\n  runtime: dotnet8\nfunctions:\n  hello:\n    handler: Api::Api.Handler::Hello\n"),
            ("/repo/tools/operation.yaml", "operation: deploy\nsteps: [build, push]\n"));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_yaml_file_marked_as_a_spec_that_is_not_one_is_reported()
    {
        var run = GeneratorHarness.Run(("/repo/specs/docker-compose.yaml", DockerCompose));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0003", diagnostic.Id);
        Assert.Contains("missing the required key 'operation'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Specs_are_recognised_by_their_root_key_without_build_metadata()
    {
        var files = new[] { (ServicePath, Service), ("/repo/specs/svc/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /x }\n") };

        var unmarked = GeneratorHarness.RunUnmarked(files);
        var marked = GeneratorHarness.Run(files);

        Assert.Empty(unmarked.Diagnostics);
        Assert.Equal(new[] { OperationFileNames.Of("Acme.Svc", "Svc", "Op"), "Acme.Svc.Svc.g.cs" }, unmarked.Sources.Select(s => s.HintName));
        Assert.Equal<GeneratedFile>(marked.Sources, unmarked.Sources);
    }

    [Fact]
    public void Only_yaml_and_yml_files_are_read()
    {
        var run = GeneratorHarness.Run(
            (ServicePath, Service),
            ("/repo/specs/svc/Op.txt", "operation: Op\nhttp: { method: GET, uri: /x }\n"),
            ("/repo/specs/svc/Other.YML", "operation: Other\nhttp: { method: GET, uri: /y }\n"));

        Assert.Empty(run.Diagnostics);
        Assert.Equal(new[] { OperationFileNames.Of("Acme.Svc", "Svc", "Other"), "Acme.Svc.Svc.g.cs" }, run.Sources.Select(s => s.HintName));
    }

    [Fact]
    public void A_project_without_specs_gets_no_generated_sources()
    {
        var compilation = GeneratorHarness.EmptyCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public class Program { } }"));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(Array.Empty<AdditionalText>(), Array.Empty<string>()), compilation);

        Assert.Empty(run.Sources);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void CSharp_keywords_used_as_names_are_escaped_and_compile()
    {
        var run = GeneratorHarness.Run(
            ("/repo/specs/kw/service.yaml", """
                service: Keywords
                namespace: Acme.event.namespace
                apiVersion: "1"
                signingName: kw
                errors:
                  checked:
                    status: 400
                shapes:
                  Kind:
                    type: enum
                    values:
                      default: default
                      class: class
                      var: var
                  Holder:
                    type: structure
                    members:
                      class: string
                      return: Kind
                      operator: list<Holder>
                """),
            ("/repo/specs/kw/Op.yaml", """
                operation: Op
                http:
                  method: POST
                  uri: /things/{namespace}
                errors: [ checked ]
                input:
                  namespace: { in: label, type: string, required: true }
                  event: { in: query, type: integer, min: 1 }
                  static: { in: header, name: X-Static, type: Kind }
                  class: { type: Holder }
                  string: { type: string, required: true, min: 1 }
                output:
                  int: integer
                  params: { in: header, name: X-Params, type: boolean }
                """));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        var all = string.Concat(run.Sources.Select(s => s.Text));
        Assert.Contains("namespace Acme.@event.@namespace", all, StringComparison.Ordinal);
        Assert.Contains("public static Kind @default { get; }", all, StringComparison.Ordinal);
        Assert.Contains("public static Kind @var { get; }", all, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class @checked :", all, StringComparison.Ordinal);

        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Keywords", run.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    [Fact]
    public void Generated_file_names_that_would_collide_get_a_suffix_instead_of_failing()
    {
        // Service 'X' in 'Acme' puts operation 'Y' in 'Acme.X.OperationsNN.g.cs', the client file of a service named
        // 'OperationsNN' in 'Acme.X'; the same names in lower case ('operationsNN' in 'acme.X') collide with both, as the
        // compiler ignores case in file names. Without the suffix, AddSource throws and the output is lost (NCG9999).
        var operationsFile = System.IO.Path.GetFileNameWithoutExtension(System.IO.Path.GetFileNameWithoutExtension(OperationFileNames.Of("Acme", "X", "Y")));
        var upper = operationsFile.Substring("Acme.X.".Length);
        var lower = upper.ToLowerInvariant();
        var run = GeneratorHarness.Run(
            ("/r/a/service.yaml", "service: X\nnamespace: Acme\napiVersion: \"1\"\nsigningName: x\n"),
            ("/r/a/Y.yaml", "operation: Y\nhttp: { method: GET, uri: /y }\n"),
            ("/r/b/service.yaml", $"service: {upper}\nnamespace: Acme.X\napiVersion: \"1\"\nsigningName: y\n"),
            ("/r/b/Get.yaml", "operation: Get\nhttp: { method: GET, uri: /upper }\n"),
            ("/r/c/service.yaml", $"service: {lower}\nnamespace: acme.X\napiVersion: \"1\"\nsigningName: y\n"),
            ("/r/c/Get.yaml", "operation: Get\nhttp: { method: GET, uri: /lower }\n"));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        var getFile = System.IO.Path.GetFileNameWithoutExtension(System.IO.Path.GetFileNameWithoutExtension(OperationFileNames.Of("Acme.X", upper, "Get")));
        var getFileLower = "acme.X." + lower + getFile.Substring(("Acme.X." + upper).Length);
        Assert.Equal(
            new[] { $"Acme.X.{upper}.g.cs", $"Acme.X.{upper}-2.g.cs", $"{getFile}.g.cs", "Acme.X.g.cs", $"acme.X.{lower}-3.g.cs", $"{getFileLower}-2.g.cs" }
                .OrderBy(h => h, StringComparer.Ordinal),
            run.Sources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
        Assert.Contains("internal static class YWire", run.Source($"Acme.X.{upper}.g.cs"), StringComparison.Ordinal);
        Assert.Contains($"public partial class {upper}Client", run.Source($"Acme.X.{upper}-2.g.cs"), StringComparison.Ordinal);
        Assert.Contains("/lower", run.Source($"{getFileLower}-2.g.cs"), StringComparison.Ordinal);
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Collide", run.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    [Theory]
    [InlineData("input:\n  my-key: string\n", 4, "member name")]
    [InlineData("input:\n  2fast: string\n", 4, "member name")]
    [InlineData("input:\n  \"@at\": string\n", 4, "member name")]
    [InlineData("shapes:\n  my-shape:\n    type: structure\n    members: {}\n", 4, "shape name")]
    [InlineData("shapes:\n  E:\n    type: enum\n    values:\n      dark-blue: x\n", 7, "enum value name")]
    public void Names_that_are_not_CSharp_identifiers_are_NCG0011(string yaml, int line, string what)
    {
        var run = GeneratorHarness.Run((ServicePath, Service), ("/repo/specs/svc/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /x }\n" + yaml));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0011", diagnostic.Id);
        Assert.Equal(line - 1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("cannot be used as the " + what, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("service: My Service\nnamespace: Acme.Svc\napiVersion: \"1\"\nsigningName: s\n", "service name")]
    [InlineData("service: Svc\nnamespace: Acme.1st\napiVersion: \"1\"\nsigningName: s\n", "namespace")]
    [InlineData("service: Svc\nnamespace: Acme..Svc\napiVersion: \"1\"\nsigningName: s\n", "namespace")]
    [InlineData("service: Svc\nnamespace: Acme.Svc\napiVersion: \"1\"\nsigningName: s\nerrors:\n  Bad-Error:\n    status: 400\n", "error name")]
    public void Service_names_that_are_not_CSharp_identifiers_are_NCG0011(string yaml, string what)
    {
        var run = GeneratorHarness.Run((ServicePath, yaml));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0011", diagnostic.Id);
        Assert.Contains("as the " + what, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileInputNames => new(HostileInputs().Keys);

    /// <summary>
    /// Whatever the text, the generator must not throw (the compiler would report a bare CS8785 and drop all output) and
    /// must not fall back to NCG9999; every position it reports must lie inside the file. Each text is tried as an
    /// operation spec next to a valid service, as the service spec itself, and unmarked.
    /// </summary>
    [Theory]
    [MemberData(nameof(HostileInputNames))]
    public void The_generator_never_throws_and_reports_positions_inside_the_file(string name)
    {
        var text = HostileInputs()[name];
        var runs = new[]
        {
            GeneratorHarness.Run((ServicePath, Service), ("/repo/specs/svc/Hostile.yaml", text)),
            GeneratorHarness.Run(("/repo/specs/svc/service.yaml", text)),
            GeneratorHarness.RunUnmarked(("/repo/specs/svc/Hostile.yaml", text)),
        };

        foreach (var run in runs)
        {
            // GeneratorHarness already asserted that the run recorded no exception.
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "NCG9999");
            foreach (var diagnostic in run.Diagnostics)
            {
                Assert.InRange(diagnostic.Location.SourceSpan.End, 0, text.Length);
                var lines = text.Split('\n').Length;
                Assert.InRange(diagnostic.Location.GetLineSpan().EndLinePosition.Line, 0, lines);
            }

            // Whatever was generated compiles (partial specs may generate nothing, never broken C#).
            if (run.Diagnostics.IsEmpty && !run.Sources.IsEmpty)
            {
                var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Hostile", run.Sources));
                Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Garbage_bytes_read_the_way_the_compiler_reads_files_do_not_break_the_generator(int seed)
    {
        // The compiler decodes AdditionalFiles from bytes (invalid UTF-8 becomes U+FFFD); go through the same path.
        var bytes = new byte[8192];
        new Random(seed).NextBytes(bytes);
        bytes[0] = (byte)'o'; // Mostly binary, yet not rejected by a first-byte check.
        using var stream = new System.IO.MemoryStream(bytes);
        var text = new TestAdditionalText("/repo/specs/svc/garbage.yaml", Microsoft.CodeAnalysis.Text.SourceText.From(stream, Encoding.UTF8));

        var marked = GeneratorHarness.Run(new AdditionalText[] { new TestAdditionalText(ServicePath, Service), text });
        var unmarked = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new AdditionalText[] { text }, Array.Empty<string>()));

        Assert.DoesNotContain(marked.Diagnostics, d => d.Id == "NCG9999");
        Assert.NotEmpty(marked.Diagnostics);
        Assert.Contains(marked.Sources, s => s.HintName == "Acme.Svc.Svc.g.cs");
        Assert.Empty(unmarked.Diagnostics);
        Assert.Empty(unmarked.Sources);
    }

    [Fact]
    public void A_cyclic_alias_is_a_syntax_error_not_a_stack_overflow()
    {
        // Without the guard, YamlDotNet builds a list that contains itself and overflows the stack hashing it as a key:
        // the whole compiler process would die. The test host surviving this test is half of the assertion.
        var run = GeneratorHarness.Run(("/repo/specs/svc/Op.yaml", "operation: Op\n? &k [*k]\n: 1\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Contains("the alias '*k' must refer to an anchor defined earlier", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal((1, 6), (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
    }

    [Fact]
    public void Aliases_to_earlier_complete_nodes_work()
    {
        var run = GeneratorHarness.Run(
            (ServicePath, Service),
            ("/repo/specs/svc/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: &text { type: string, doc: Shared. }\n  b: *text\n"));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        var op = run.OperationSource("Op");
        Assert.Contains("public string? A { get; set; }", op, StringComparison.Ordinal);
        Assert.Contains("public string? B { get; set; }", op, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> HostileInputs()
    {
        var random = new Random(20240102);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        var block = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            block.Append(' ', i).Append("a:\n");
        }

        return new Dictionary<string, string>
        {
            ["empty"] = string.Empty,
            ["whitespace"] = "   \n\n\t\n  ",
            ["byte order mark"] = "\uFEFF",
            ["random bytes as UTF-8"] = Encoding.UTF8.GetString(bytes),
            ["random bytes as Latin-1"] = Encoding.Latin1.GetString(bytes),
            ["NUL characters"] = "\0\0operation:\0Op\0\n",
            ["tab indentation"] = "operation: Op\nhttp:\n\tmethod: GET\n\turi: /x\n",
            ["flow nesting 10000 deep"] = "operation: Op\nhttp: " + new string('[', 10000) + new string(']', 10000) + "\n",
            ["flow mapping nesting 10000 deep"] = "operation: Op\nx: " + string.Concat(Enumerable.Repeat("{a: ", 10000)) + "1" + new string('}', 10000) + "\n",
            ["block nesting 2000 deep"] = "operation: Op\n" + block,
            ["unclosed flow sequence"] = "operation: [Op\nhttp: {}\n",
            ["unclosed quote"] = "operation: \"Op\n",
            ["only document markers"] = "---\n...\n---\n",
            ["two documents"] = "operation: A\nhttp: { method: GET, uri: /a }\n---\noperation: B\n",
            ["scalar root"] = "just some text",
            ["list root"] = "- operation: Op\n",
            ["null operation"] = "operation:\nhttp:\n",
            ["everything the wrong shape"] = "operation: [a, b]\nhttp: 5\ninput: [1]\noutput: x\nerrors: {a: 1}\nshapes: [1]\ndoc: {a: b}\niamAction: [x]\n",
            ["wrong shapes inside"] = "operation: Op\nhttp: { method: [GET], uri: {a: b}, code: x, idempotent: [] }\ninput: { a: [], b: { type: [string] }, c: { type: string, in: [body] }, d: { type: string, required: maybe, min: [1] } }\n",
            ["service and operation"] = "service: S\noperation: O\n",
            ["unknown alias"] = "operation: *nope\n",
            ["cyclic alias in a key"] = "? &k [*k]\n: 1\noperation: Op\n",
            ["cyclic alias in a value"] = "operation: Op\nx: &v\n  y: *v\n",
            ["mutual forward aliases"] = "operation: Op\na: &x [*y]\nb: &y [*x]\n",
            ["alias to an open mapping redefinition"] = "operation: Op\na: &x 1\nb: &x [*x]\n",
            ["complex keys"] = "? [a]\n: 1\n? {b: c}\n: 2\noperation: Op\n",
            ["odd keys"] = "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  1: string\n  true: string\n  ~: string\n  \"\": string\n",
            ["odd types"] = "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: list<>\n  b: \"map<string,>\"\n  c: list<list<\n  d: \"map<integer, string>\"\n  e: List<string>\n  f: \">\"\n  g: list<string>>\n  h: \"\"\n  i: map<map<map<document>>>\n",
            ["odd uris"] = "operation: Op\nhttp: { method: GET, uri: \"/{\" }\n---\n",
            ["odd uri labels"] = "operation: Op\nhttp:\n  method: GET\n  uri: /{a}{b}/{}/{a}/{1x}\n",
            ["label types"] = "operation: Op\nhttp:\n  method: GET\n  uri: /{a}/{b}/{c}\ninput:\n  a: { in: label, type: list<string>, required: true }\n  b: { in: label, type: blob, required: true }\n  c: { in: label, type: NoSuchShape, required: true }\n",
            ["huge numbers"] = "operation: Op\nhttp: { method: GET, uri: /x, code: 99999999999999999999 }\ninput:\n  n: { type: integer, min: -1e308, max: 1e308 }\n",
            ["long line"] = "operation: Op\ndoc: " + new string('x', 200_000) + "\n",
            ["many members"] = "operation: Op\nhttp: { method: POST, uri: /x }\ninput:\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"  m{i}: string\n")),
        };
    }
}
