using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>One generated file: its hint name and its text exactly as the generator produced it.</summary>
internal sealed record GeneratedFile(string HintName, string Text);

/// <summary>The outcome of one generator pass.</summary>
internal sealed class GeneratorRun
{
    public GeneratorRun(GeneratorDriver driver)
    {
        Driver = driver;
        var runResult = driver.GetRunResult();
        Result = Assert.Single(runResult.Results);

        // The generator must never throw: an exception here would reach users as a bare CS8785 warning.
        Assert.Null(Result.Exception);
        Sources = Result.GeneratedSources
            .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToImmutableArray();
        Diagnostics = Result.Diagnostics;
    }

    /// <summary>The driver after the run; run it again (or replace texts) to test caching.</summary>
    public GeneratorDriver Driver { get; }

    public GeneratorRunResult Result { get; }

    public ImmutableArray<GeneratedFile> Sources { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public string Source(string hintName) =>
        Sources.SingleOrDefault(s => s.HintName == hintName)?.Text
        ?? throw new Xunit.Sdk.XunitException($"No generated file '{hintName}'. Generated: {string.Join(", ", Sources.Select(s => s.HintName))}.");

    /// <summary>The name of the generated file that holds <paramref name="operation"/> (operations share files: see OperationFiles).</summary>
    public string OperationFileOf(string operation)
    {
        var marker = $"internal static class {operation}Wire\n";
        return Sources.SingleOrDefault(s => s.Text.Contains(marker, StringComparison.Ordinal))?.HintName
            ?? throw new Xunit.Sdk.XunitException($"No generated file holds operation '{operation}'. Generated: {string.Join(", ", Sources.Select(s => s.HintName))}.");
    }

    /// <summary>The text of the generated file that holds <paramref name="operation"/>.</summary>
    public string OperationSource(string operation) => Source(OperationFileOf(operation));

    public string DescribeDiagnostics() =>
        Diagnostics.Length == 0 ? "(none)" : string.Join(Environment.NewLine, Diagnostics.Select(d => d.ToString()));
}

/// <summary>The generated file names the generator gives a service's operations.</summary>
internal static class OperationFileNames
{
    /// <summary>
    /// The file <paramref name="operation"/> of service <paramref name="service"/>, which has <paramref name="operationsInService"/>
    /// operations, goes to (unless renamed to stay unique).
    /// </summary>
    public static string Of(string serviceNamespace, string service, string operation, int operationsInService = 1) =>
        Linking.OperationFiles.HintName(serviceNamespace, service, Linking.OperationFiles.FileOf(operation, Linking.OperationFiles.FileCount(operationsInService)));
}

/// <summary>Runs <see cref="NeptuneCodeGenerator"/> through a real <see cref="CSharpGeneratorDriver"/>, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    /// <summary>The generator reads no C#: an empty compilation is a faithful host.</summary>
    public static readonly CSharpCompilation EmptyCompilation = CSharpCompilation.Create(
        "SpecConsumer",
        syntaxTrees: null,
        references: null,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, IEnumerable<string> markedPaths, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            new[] { new NeptuneCodeGenerator().AsSourceGenerator() },
            texts,
            CompilationHarness.ParseOptions,
            new TestOptionsProvider(markedPaths),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorRun Run(GeneratorDriver driver, Compilation? compilation = null) =>
        new(driver.RunGenerators(compilation ?? EmptyCompilation));

    /// <summary>Runs over texts that are all marked as specs (what build/Neptune.CodeGen.props does for specs/**/*.yaml).</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> texts)
    {
        var list = texts.ToList();
        return Run(CreateDriver(list, list.Select(t => t.Path)));
    }

    /// <summary>Runs over in-memory files, all marked as specs.</summary>
    public static GeneratorRun Run(params (string Path, string Text)[] files) =>
        Run(files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)));

    /// <summary>Runs over in-memory files, none marked: the generator must recognise specs by their root key.</summary>
    public static GeneratorRun RunUnmarked(params (string Path, string Text)[] files)
    {
        var texts = files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)).ToList();
        return Run(CreateDriver(texts, Array.Empty<string>()));
    }

    public static GeneratorRun RunRepoSpecs() => Run(TestAdditionalText.FromFolder(RepoPaths.Specs));

    public static GeneratorRun RunTestSpecs() => Run(TestAdditionalText.FromFolder(RepoPaths.TestSpecs));
}
