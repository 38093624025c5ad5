using System;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>Generator bugs the fuzzer found, each as the shrunk case that showed it.</summary>
public sealed class FuzzRegressionTests
{
    private const string ServicePath = "/repo/specs/svc/service.yaml";

    private const string Service = "service: Svc\nnamespace: Acme.Svc\napiVersion: \"1\"\nsigningName: svc\n";

    [Theory]
    [InlineData("operation: Op\nhttp: {")]
    [InlineData("service: \nNaN: [[[]]]\nmax:\n  Value: ;d\n  2x: { ##;X: 8J }")]
    [InlineData("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: [")]
    public void An_error_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line(string text)
    {
        // YamlDotNet places the end of the stream on a line after the last one (it counts a line break the file does not
        // have), so the diagnostic named a line that does not exist, and its line disagreed with its span.
        var run = GeneratorHarness.Run((ServicePath, Service), ("/repo/specs/svc/Op.yaml", text));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("NCG0001", diagnostic.Id);
        var source = SourceText.From(text);
        var lineSpan = diagnostic.Location.GetLineSpan().Span;
        Assert.InRange(lineSpan.End.Line, 0, source.Lines.Count - 1);
        Assert.Equal(source.Lines.GetLinePositionSpan(diagnostic.Location.SourceSpan), lineSpan);
    }

    [Fact]
    public void Lower_case_type_names_are_escaped_so_the_code_compiles_under_warnings_as_errors()
    {
        // Shrunk from an error renamed 'structure': the class 'structure' is warning CS8981 (lower-case type names may
        // become keywords), which warnings-as-errors turns into a broken build although the generator reported nothing.
        var run = GeneratorHarness.Run(
            (ServicePath, Service + "errors:\n  structure: { status: 404 }\nshapes:\n  Color:\n    type: enum\n    values: { dark: d }\n"),
            ("/repo/specs/svc/Op.yaml", "operation: Op\nhttp: { method: GET, uri: /x }\nerrors: [structure]\noutput:\n  tint: Color\n"));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        Assert.Contains("public sealed partial class @structure :", run.Source("Acme.Svc.Svc.g.cs"), StringComparison.Ordinal);
        Assert.Contains("@dark", run.Source("Acme.Svc.Svc-Shapes.g.cs"), StringComparison.Ordinal);
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("LowerCase", run.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }
}
