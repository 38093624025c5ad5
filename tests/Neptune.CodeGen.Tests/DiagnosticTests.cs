using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Diagnostics;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// One case per diagnostic the generator reports: the ID, the file, the exact 0-based span in the YAML, and a message
/// that tells the user how to fix it. The positions below were worked out by hand from the YAML text of each case.
/// </summary>
public sealed class DiagnosticTests
{
    private const string ServicePath = "/repo/specs/svc/service.yaml";
    private const string OperationPath = "/repo/specs/svc/Op.yaml";

    private const string Service =
        "service: Svc\n" +                  // line 0
        "namespace: Acme.Svc\n" +           // line 1
        "apiVersion: \"2024-01-01\"\n" +    // line 2
        "signingName: svc\n" +              // line 3
        "errors:\n" +                       // line 4
        "  BadRequestException:\n" +        // line 5
        "    status: 400\n" +               // line 6
        "shapes:\n" +                       // line 7
        "  Widget:\n" +                     // line 8
        "    type: structure\n" +           // line 9
        "    members:\n" +                  // line 10
        "      name: string\n";             // line 11

    /// <summary>Each case: the files, then the one diagnostic expected (or the first of several, in order).</summary>
    private static readonly Dictionary<string, Case> Cases = new[]
    {
        // A tab where indentation is expected: reported at the tab (YamlDotNet itself reports it from the scalar before it).
        new Case("NCG0001", OperationPath, (3, 0, 3, 1), "tab character",
            Op("operation: Op\nhttp:\n  method: GET\n\turi: /x\n")),
        new Case("NCG0002", ServicePath, (6, 4, 6, 10), "(did you mean 'status'?)",
            new[] { (ServicePath, Service.Replace("    status: 400\n", "    stauts: 400\n")) },
            AlsoExpected: new[] { "NCG0003" }),
        // A missing key is reported at the mapping that lacks it (YamlDotNet gives mappings a zero-width position).
        new Case("NCG0003", OperationPath, (1, 6, 1, 6), "Add 'method: <GET>'",
            Op("operation: Op\nhttp: { uri: /x }\n")),
        new Case("NCG0004", OperationPath, (4, 14, 4, 19), "Write it as true or false",
            Op("operation: Op\nhttp:\n  method: GET\n  uri: /x\n  idempotent: maybe\n")),
        new Case("NCG0005", OperationPath, (2, 10, 2, 15), "Use one of GET, PUT, POST, DELETE, PATCH or HEAD",
            Op("operation: Op\nhttp:\n  method: FETCH\n  uri: /x\n")),
        new Case("NCG0006", OperationPath, (3, 7, 3, 17), "Add an input member 'id' with 'in: label'",
            Op("operation: Op\nhttp:\n  method: GET\n  uri: /jobs/{id}\n")),
        new Case("NCG0007", OperationPath, (5, 2, 5, 4), "Add '{id}' to the URI",
            Op("operation: Op\nhttp:\n  method: GET\n  uri: /jobs\ninput:\n  id:\n    in: label\n    type: string\n    required: true\n")),
        new Case("NCG0008", OperationPath, (3, 4, 3, 22), "(did you mean 'BadRequestException'?)",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\nerrors:\n  - BadRequestExcepton\n")),
        // The second file by path is the duplicate; the message names the first.
        new Case("NCG0009", "/repo/specs/svc/b/Op.yaml", (0, 11, 0, 13), "also in /repo/specs/svc/a/Op.yaml",
            new[] { (ServicePath, Service), ("/repo/specs/svc/a/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /a }\n"), ("/repo/specs/svc/b/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /b }\n") }),
        new Case("NCG0010", OperationPath, (4, 2, 4, 7), "Each member needs a unique name",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  jobId: string\n  JobId: string\n")),
        new Case("NCG0011", OperationPath, (3, 2, 3, 8), "set 'name:' to keep a different wire name",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  my-key: string\n")),
        new Case("NCG0012", OperationPath, (5, 8, 5, 14), "(did you mean 'status'?)",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  code:\n    type: integer\n    in: stauts\n")),
        new Case("NCG0013", OperationPath, (0, 11, 0, 13), "add a file with 'service:' in this folder or a parent folder",
            new[] { (OperationPath, "operation: Op\nhttp: { method: GET, uri: /x }\n") }),
        new Case("NCG0014", OperationPath, (4, 10, 4, 16), "(did you mean 'Widget'?)",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  w:\n    type: Widgit\n")),
        new Case("NCG0015", OperationPath, (1, 26, 1, 30), "it must start with '/'",
            Op("operation: Op\nhttp: { method: GET, uri: jobs }\n")),
        new Case("NCG0016", OperationPath, (3, 2, 3, 3), "Output members can be in: body, header, status or payload",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  q:\n    in: query\n    type: string\n")),
        new Case("NCG0017", "/repo/specs/svc/service2.yaml", (0, 9, 0, 14), "Put each service in its own folder",
            new[] { (ServicePath, Service), ("/repo/specs/svc/service2.yaml", Service.Replace("service: Svc", "service: Other")) }),
        new Case("NCG0018", OperationPath, (5, 4, 5, 7), "Ranges apply to integer, long and double values",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  flag:\n    type: boolean\n    min: 1\n")),
        // The first key of the second document.
        new Case("NCG0019", OperationPath, (3, 0, 3, 9), "this second one is not read. Move it into a file of its own",
            Op("operation: Op\nhttp: { method: GET, uri: /x }\n---\noperation: Other\nhttp: { method: GET, uri: /y }\n")),
        // Not parsed at all: reported at the start of the file.
        new Case("NCG0020", OperationPath, (0, 0, 0, 0), "has 4194327 characters, more than the 4194304 a spec may have",
            Op("operation: Op\ndoc: >-\n" + new string('x', 4 * 1024 * 1024) + "\n")),
    }.ToDictionary(c => c.Id);

    public static TheoryData<string> Ids => new(Cases.Keys.OrderBy(k => k, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_is_reported_at_its_exact_position_with_a_fix_hint(string id)
    {
        var @case = Cases[id];
        var run = GeneratorHarness.Run(@case.Files);

        Assert.Equal(new[] { id }.Concat(@case.AlsoExpected ?? Array.Empty<string>()), run.Diagnostics.Select(d => d.Id));
        AssertDiagnostic(run.Diagnostics[0], id, @case.Path, @case.Span, @case.Hint);
    }

    [Theory]
    [InlineData("    type: string\n    timestampFormat: date-time\n", "timestampFormat", "Only timestamp members have a format")]
    [InlineData("    type: string\n    in: query\n    contentType: text/plain\n", "contentType", "Only a payload member has a content type")]
    [InlineData("    type: Shape\n    max: 3\n", "max", "Ranges apply to")]
    [InlineData("    type: list<timestamp>\n    timestampFormat: epoch-seconds\n    max: 3\n", null, null)]
    public void Keys_that_would_be_ignored_are_reported(string member, string? key, string? hint)
    {
        var run = GeneratorHarness.Run(Op("operation: Op\nhttp: { method: POST, uri: /x }\ninput:\n  thing:\n" + member +
            "shapes:\n  Shape:\n    type: structure\n    members:\n      a: string\n"));

        var reported = run.Diagnostics.Where(d => d.Id == "NCG0018").ToList();
        if (key is null)
        {
            Assert.Empty(reported);
            return;
        }

        var diagnostic = Assert.Single(reported);
        Assert.Contains($"'{key}' has no effect on member 'thing'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(hint!, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header", "      h:\n        in: header\n        name: X-H\n        type: string\n")]
    [InlineData("status", "      h:\n        in: status\n        type: integer\n")]
    [InlineData("query", "      h: { type: string, in: query }\n")]
    [InlineData("label", "      h:\n        type: string\n        required: true\n        in: label\n")]
    [InlineData("payload", "      h:\n        in: payload\n        type: blob\n")]
    public void A_structure_member_bound_anywhere_but_the_body_is_NCG0016_at_the_in_value(string binding, string member)
    {
        var text = "operation: Op\nhttp: { method: GET, uri: /x }\nshapes:\n  S:\n    type: structure\n    members:\n" + member;
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, text));

        var diagnostic = Assert.Single(run.Diagnostics);
        var inLine = text.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains("in: " + binding, StringComparison.Ordinal));
        var column = inLine.line.IndexOf("in: ", StringComparison.Ordinal) + 4;
        AssertDiagnostic(diagnostic, "NCG0016", OperationPath, (inLine.index, column, inLine.index, column + binding.Length),
            $"Member 'h' cannot use 'in: {binding}' in a structure. A structure's members are always keys of its JSON object");
    }

    [Fact]
    public void A_structure_member_may_say_in_body()
    {
        var run = GeneratorHarness.Run((ServicePath, Service),
            (OperationPath, "operation: Op\nhttp: { method: GET, uri: /x }\nshapes:\n  S:\n    type: structure\n    members:\n      h: { in: body, type: string }\n"));

        Assert.Empty(run.Diagnostics);
    }

    [Theory]
    [InlineData("    type: integer\n    min: 1\n", "min", 5)]
    [InlineData("    type: string\n    max: 10\n", "max", 5)]
    [InlineData("    in: header\n    name: X-N\n    type: long\n    max: 10\n", "max", 7)]
    public void A_range_on_an_output_member_is_NCG0018_because_responses_are_not_checked(string member, string key, int line)
    {
        var run = GeneratorHarness.Run(Op("operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  n:\n" + member));

        var diagnostic = Assert.Single(run.Diagnostics);
        AssertDiagnostic(diagnostic, "NCG0018", OperationPath, (line, 4, line, 7), $"'{key}' has no effect on member 'n' in 'output'. Ranges are checked only on values the client sends");
    }

    [Fact]
    public void A_bad_value_is_reported_once_even_where_the_binder_needs_it_twice()
    {
        // A label's 'required' is read for the label rule and for the member itself.
        var run = GeneratorHarness.Run(Op("operation: Op\nhttp:\n  method: GET\n  uri: /x/{id}\ninput:\n  id:\n    in: label\n    type: string\n    required: yes\n"));

        Assert.Single(run.Diagnostics, d => d.Id == "NCG0004");
    }

    [Fact]
    public void Every_descriptor_has_a_case_and_is_listed_in_the_release_notes()
    {
        var ids = DiagnosticDescriptors.Descriptors.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"NCG{i:0000}").Append("NCG9999"), ids);

        // NCG9999 is tested separately below (it needs a failing AdditionalText, not YAML).
        Assert.Equal(ids.Where(i => i != "NCG9999"), Cases.Keys.OrderBy(k => k, StringComparer.Ordinal));

        var releases = File.ReadAllText(Path.Combine(RepoPaths.Root, "generator", "Neptune.CodeGen", "AnalyzerReleases.Unshipped.md"));
        Assert.All(DiagnosticDescriptors.Descriptors, d =>
        {
            Assert.Contains($"{d.Id} | Neptune.CodeGen | Error |", releases, StringComparison.Ordinal);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        });
    }

    [Fact]
    public void Help_links_come_from_the_repository_url_the_generator_was_built_with_and_never_from_a_made_up_host()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var repositoryUrl = props.Descendants("RepositoryUrl").Select(e => e.Value).SingleOrDefault();
        var baked = typeof(DiagnosticDescriptors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == HelpLinks.RepositoryUrlKey).Value;
        Assert.Equal(repositoryUrl ?? string.Empty, baked ?? string.Empty);

        var page = HelpLinks.DiagnosticsPageFor(repositoryUrl);
        var anchors = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"));
        Assert.All(DiagnosticDescriptors.Descriptors, d =>
        {
            // A host reserved for examples (this repository's example.invalid) gives no link at all: see the theory below.
            Assert.Equal(page is null ? string.Empty : page + "#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);

            // Every link target exists on the page.
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id}", anchors, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("https://github.com/acme/neptune-codegen", "https://github.com/acme/neptune-codegen/blob/HEAD/docs/diagnostics.md")]
    [InlineData("https://github.com/acme/neptune-codegen.git", "https://github.com/acme/neptune-codegen/blob/HEAD/docs/diagnostics.md")]
    [InlineData(" https://git.acme.dev:8443/team/repo/ ", "https://git.acme.dev:8443/team/repo/blob/HEAD/docs/diagnostics.md")]
    [InlineData("https://example.invalid/neptune-codegen", null)]
    [InlineData("https://example.com/neptune-codegen", null)]
    [InlineData("https://docs.example.org/neptune-codegen", null)]
    [InlineData("https://repo.test/neptune-codegen", null)]
    [InlineData("http://localhost/neptune-codegen", null)]
    [InlineData("git@github.com:acme/neptune-codegen.git", null)]
    [InlineData("ftp://github.com/acme/neptune-codegen", null)]
    [InlineData("https://github.com/", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_diagnostics_page_is_derived_only_from_a_real_http_repository_url(string? repositoryUrl, string? expected)
    {
        Assert.Equal(expected, HelpLinks.DiagnosticsPageFor(repositoryUrl));
    }

    [Fact]
    public void An_exception_inside_the_generator_becomes_NCG9999_on_the_file_with_the_exception_text()
    {
        // No YAML reaches this path any more (syntax errors of every kind are NCG0001), so it is driven by an
        // AdditionalText that fails when read: the parse step's catch turns the exception into a located diagnostic.
        var broken = new ThrowingAdditionalText("/repo/specs/svc/Broken.yaml", new IOException("disk on fire"));
        var run = GeneratorHarness.Run(new AdditionalText[] { new TestAdditionalText(ServicePath, Service), broken });

        var diagnostic = Assert.Single(run.Diagnostics);
        AssertDiagnostic(diagnostic, "NCG9999", broken.Path, (0, 0, 0, 0), "System.IO.IOException: disk on fire");
        Assert.Contains("This is a bug in the generator; please report it with the spec", diagnostic.GetMessage(), StringComparison.Ordinal);

        // The other spec is still generated.
        Assert.Contains(run.Sources, s => s.HintName == "Acme.Svc.Svc.g.cs");
    }

    [Fact]
    public void Syntax_errors_that_YamlDotNet_reports_with_other_exceptions_are_still_NCG0001()
    {
        // YamlDotNet throws InvalidOperationException (not YamlException) for this input; the position reported is where
        // its last complete event ended: the unclosed '[' (YamlDotNet gives collection starts a zero-width position).
        var run = GeneratorHarness.Run((OperationPath, "operation: [Op\nhttp: {}\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        AssertDiagnostic(diagnostic, "NCG0001", OperationPath, (0, 11, 0, 11), "the YAML reader stopped after this position (InvalidOperationException");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_NCG0001_at_the_first_level_too_deep()
    {
        // 'a: ' then 100 '[': the root mapping is level 1, so the 64th bracket (column 3 + 63) is level 65, the first too deep.
        var text = "operation: Op\na: " + new string('[', 100) + new string(']', 100) + "\n";
        var run = GeneratorHarness.Run((OperationPath, text));

        var diagnostic = Assert.Single(run.Diagnostics);
        AssertDiagnostic(diagnostic, "NCG0001", OperationPath, (1, 66, 1, 66), "nested more than 64 levels deep are not supported");
    }

    [Fact]
    public void Duplicate_keys_are_NCG0001_at_the_second_key()
    {
        var run = GeneratorHarness.Run((OperationPath, "operation: Op\nhttp: { method: GET, uri: /x }\nhttp: { method: PUT, uri: /y }\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0001", diagnostic.Id);
        Assert.Contains("Duplicate key", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("X Bad", "(an HTTP header name)")]
    [InlineData("X-Bad\\r\\nInjected: 1", "(an HTTP header name)")]
    [InlineData("", "(an HTTP header name)")]
    public void A_header_name_that_is_not_an_http_token_is_NCG0012(string name, string hint)
    {
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, $"operation: Op\nhttp: {{ method: GET, uri: /x }}\ninput:\n  h:\n    in: header\n    name: \"{name}\"\n    type: string\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0012", diagnostic.Id);
        Assert.Contains(hint, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(5, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    [InlineData("ten")]
    public void A_range_bound_that_is_not_a_finite_number_is_NCG0004(string bound)
    {
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, $"operation: Op\nhttp: {{ method: GET, uri: /x }}\ninput:\n  n:\n    type: double\n    max: \"{bound}\"\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        AssertDiagnostic(diagnostic, "NCG0004", OperationPath, (5, 9, 5, 11 + bound.Length), "'max' must be a number");
    }

    [Fact]
    public void Range_bounds_written_loosely_still_compile()
    {
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  n:\n    type: double\n    min: \" 5.\"\n    max: \"1e3 \"\n"));

        Assert.Empty(run.Diagnostics);
        Assert.Contains("nChecked < 5d || nChecked > 1000d", run.OperationSource("Op"), StringComparison.Ordinal);
        Assert.Empty(CompilationHarness.Diagnostics(CompilationHarness.Compile("Bounds", run.Sources)));
    }

    /// <summary>Names that would make the generated C# fail to compile are reported on the spec instead.</summary>
    [Theory]
    [InlineData("shapes:\n  Status:\n    type: structure\n    members:\n      status: string\n", 4, "it is also the name of the generated class 'Status'; use another key and keep the wire name with 'name: status'")]
    [InlineData("shapes:\n  S:\n    type: structure\n    members:\n      equals: string\n", 4, "every C# object has a member 'Equals'")]
    [InlineData("shapes:\n  S:\n    type: structure\n    members:\n      getType: string\n", 4, "every C# object has a member 'GetType'")]
    [InlineData("input:\n  opRequest: string\n", 1, "it is also the name of the generated class 'OpRequest'")]
    [InlineData("output:\n  toString: string\n", 1, "every C# object has a member 'ToString'")]
    [InlineData("shapes:\n  Value:\n    type: enum\n    values: { A: a }\n", 1, "every generated enum has a member 'Value'")]
    [InlineData("shapes:\n  E:\n    type: enum\n    values:\n      Value: v\n", 4, "every generated enum has a member 'Value'")]
    [InlineData("shapes:\n  E:\n    type: enum\n    values:\n      E: e\n", 4, "it is also the name of the enum 'E'")]
    [InlineData("shapes:\n  OpResponse:\n    type: structure\n    members: {}\n", 1, "also a class generated for operation 'Op'")]
    [InlineData("shapes:\n  SvcClient:\n    type: structure\n    members: {}\n", 1, "also the generated client")]
    [InlineData("shapes:\n  BadRequestException:\n    type: structure\n    members: {}\n", 1, "also the error 'BadRequestException'")]
    public void Names_that_clash_with_generated_code_are_NCG0010_on_the_spec(string yaml, int keyLine, string hint)
    {
        var text = "operation: Op\nhttp: { method: GET, uri: /x }\n" + yaml;
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, text));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0010", diagnostic.Id);
        Assert.Equal(OperationPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(keyLine + 2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(hint, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_named_like_a_generated_class_is_NCG0010_on_the_error()
    {
        var clash = Service.Replace("  BadRequestException:\n", "  SvcErrors:\n");
        var diagnostic = Assert.Single(GeneratorHarness.Run((ServicePath, clash)).Diagnostics);
        Assert.Equal("NCG0010", diagnostic.Id);
        Assert.Equal(new LinePositionSpan(new LinePosition(5, 2), new LinePosition(5, 11)), diagnostic.Location.GetLineSpan().Span);
        Assert.Contains("also the generated error map; rename the error", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/caf\u00e9", "'\u00e9'")]
    [InlineData("/a%20b", "'%'")]
    [InlineData("/a<b>", "'<'")]
    [InlineData("/a|b", "'|'")]
    [InlineData("/a\\0b", "'U+0000'")]
    [InlineData("/{id}x", "must be a whole label")]
    [InlineData("/{id}/{id}", "appears twice")]
    [InlineData("/{}", "is not a member name")]
    [InlineData("/x?y=1", "bind query parameters with 'in: query'")]
    public void Uri_templates_that_cannot_be_sent_as_written_are_NCG0015(string uri, string hint)
    {
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, $"operation: Op\nhttp:\n  method: GET\n  uri: \"{uri}\"\ninput:\n  id: {{ in: label, type: string, required: true }}\n"));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0015", diagnostic.Id);
        Assert.Equal(new LinePosition(3, 7), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains(hint, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_character_allowed_in_a_path_is_accepted_and_sent_as_written()
    {
        var run = GeneratorHarness.Run((ServicePath, Service), (OperationPath, "operation: Op\nhttp:\n  method: GET\n  uri: \"/a-b_c.d~e/!$&'()*+,;=:@/{id}\"\ninput:\n  id: { in: label, type: string, required: true }\n"));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        Assert.Contains("operation.AppendPath(\"/a-b_c.d~e/!$&'()*+,;=:@/\");", run.OperationSource("Op"), StringComparison.Ordinal);
        Assert.Empty(CompilationHarness.Diagnostics(CompilationHarness.Compile("Path", run.Sources)));
    }

    [Fact]
    public void Diagnostics_use_external_file_locations_that_an_ide_can_open()
    {
        var run = GeneratorHarness.Run(Cases["NCG0014"].Files);
        var location = Assert.Single(run.Diagnostics).Location;

        Assert.Equal(LocationKind.ExternalFile, location.Kind);
        Assert.Equal(OperationPath, location.GetLineSpan().Path);
        Assert.Equal(new TextSpan(68, 6), location.SourceSpan);
    }

    private static void AssertDiagnostic(Diagnostic diagnostic, string id, string path, (int StartLine, int StartColumn, int EndLine, int EndColumn) span, string hint)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, lineSpan.Path);
        Assert.Equal(new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)), lineSpan.Span);
        Assert.Contains(hint, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    private static (string Path, string Text)[] Op(string operation) => new[] { (ServicePath, Service), (OperationPath, operation) };

    private sealed record Case(string Id, string Path, (int, int, int, int) Span, string Hint, (string Path, string Text)[] Files, string[]? AlsoExpected = null);

    private sealed class ThrowingAdditionalText : AdditionalText
    {
        private readonly Exception _exception;

        public ThrowingAdditionalText(string path, Exception exception)
        {
            Path = path;
            _exception = exception;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw _exception;
    }
}
