using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Generated code must compile cleanly under the strictest consumer settings (CompilationHarness.StrictOptions):
/// nullable enabled, warning level 9999, warnings as errors, documentation comments checked (CS1591, CS1570, CS1587...),
/// compiled by Roslyn 4.8 — the oldest compiler the generator supports, so quirks of newer compilers cannot hide problems.
/// </summary>
public sealed class CompileTests
{
    public static TheoryData<string> Sets => new(SpecSets.Names);

    [Theory]
    [MemberData(nameof(Sets))]
    public void Generated_code_compiles_without_any_diagnostic(string set)
    {
        var run = SpecSets.Get(set);
        Assert.NotEmpty(run.Sources);

        var compilation = CompilationHarness.Compile("Generated_" + set, run.Sources);
        var diagnostics = CompilationHarness.Diagnostics(compilation);

        Assert.True(diagnostics.IsEmpty, $"The code generated from {set} has diagnostics:{Environment.NewLine}{CompilationHarness.Describe(diagnostics)}");
    }

    [Fact]
    public void Both_spec_sets_compile_together_in_one_project()
    {
        // Two services in one consumer: nothing generated may be global or collide across namespaces.
        var sources = SpecSets.Names.SelectMany(set => SpecSets.Get(set).Sources);
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Generated_Both", sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    // The checks below prove the harness is strict: if these settings were lost, the tests above would pass vacuously.

    [Fact]
    public void The_strict_settings_report_a_missing_xml_doc_comment()
    {
        var diagnostics = CompileSnippet("namespace Probe { public class Undocumented { } }");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("CS1591", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void The_strict_settings_report_malformed_xml_docs_and_nullable_warnings_as_errors()
    {
        var diagnostics = CompileSnippet("""
            #nullable enable
            namespace Probe
            {
                /// <summary>Broken <b>doc</summary>
                public static class Docs
                {
                    /// <summary>Returns null where the type says it cannot.</summary>
                    /// <returns>Nothing.</returns>
                    public static string Get() => null;
                }
            }
            """);

        Assert.Contains(diagnostics, d => d.Id == "CS1570" && d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(diagnostics, d => d.Id == "CS8603" && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void The_references_include_the_runtime_and_the_shared_framework()
    {
        var names = CompilationHarness.References.Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display)).ToList();
        Assert.Contains("Neptune.CodeGen.Runtime", names);
        Assert.Contains("System.Runtime", names);
        Assert.Contains("System.Text.Json", names);
        Assert.Contains("System.Net.Http", names);
        Assert.DoesNotContain("xunit.core", names);
    }

    private static System.Collections.Immutable.ImmutableArray<Diagnostic> CompileSnippet(string source) =>
        CompilationHarness.Diagnostics(CompilationHarness.Compile("Snippet", new[] { new GeneratedFile("Snippet.cs", source) }));
}
