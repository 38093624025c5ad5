using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>Compiles generated code in memory against the runtime and the shared framework.</summary>
internal static class CompilationHarness
{
    /// <summary>Latest C#, and doc comments parsed and checked (so CS1591, CS1570 and CS1587 can fire).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>
    /// The strictest settings a consumer can pick: nullable on, every warning wave (level 9999) and every warning an error.
    /// Only CS1701/CS1702 are suppressed: they report assembly-version unification between references (which the .NET SDK
    /// also suppresses by default) and say nothing about the generated code.
    /// </summary>
    public static readonly CSharpCompilationOptions StrictOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithWarningLevel(9999)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        })
        .WithDeterministic(true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The shared framework (from this test's trusted platform assemblies) plus Neptune.CodeGen.Runtime; loaded once.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compile(string assemblyName, IEnumerable<GeneratedFile> generated, params string[] extraSources)
    {
        var trees = generated
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.HintName))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Extra{i}.cs")));
        return CSharpCompilation.Create(assemblyName, trees, References, StrictOptions);
    }

    /// <summary>Compiles with ordinary settings (for test drivers compiled together with generated code) and loads the result.</summary>
    public static Assembly CompileAndLoad(string assemblyName, IEnumerable<GeneratedFile> generated, params string[] extraSources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = generated
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.HintName))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Extra{i}.cs")));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        return EmitAndLoad(CSharpCompilation.Create(assemblyName, trees, References, options));
    }

    /// <summary>Every diagnostic (parse, declaration, method body and doc comment), with the strict options applied.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => $"{d.Location.GetLineSpan()}: {d.Id} {d.GetMessage()}"));

    /// <summary>Emits and loads the assembly into the default context, where it binds to the same runtime assembly the tests use.</summary>
    public static Assembly EmitAndLoad(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "Emit failed:" + Environment.NewLine + Describe(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The shared framework's own directory: System.*.dll, netstandard.dll, Microsoft.* of Microsoft.NETCore.App.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var loaded = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var trusted = loaded.Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal));
        // The runtime's own package dependencies (generated AddXxxClient methods use DependencyInjection, Http, Configuration).
        var runtimeDependencies = loaded.Where(p => Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
        return trusted
            .Concat(runtimeDependencies)
            .Append(typeof(Neptune.CodeGen.Runtime.Http.OperationRequest).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
