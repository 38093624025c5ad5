using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Neptune.CodeGen.Benchmarks.Generators;

/// <summary>Which generator a scenario drives.</summary>
public enum GeneratorKind
{
    /// <summary>Neptune.CodeGen over N spec files.</summary>
    Neptune,

    /// <summary>A generator that reads the same N spec files the same way and emits nothing: what the driver itself costs.</summary>
    Floor,

    /// <summary>
    /// The floor plus one generated file per spec (a one-line comment): what the driver costs per generated file, whatever
    /// is in it. Not a goal; it shows where the time of an unchanged run goes.
    /// </summary>
    FloorWithFiles,

    /// <summary>Refit 16.4's generator (loaded from its package as an analyzer) over one interface of N methods.</summary>
    Refit,
}

/// <summary>
/// A spec set to generate from: N synthetic operations, or the repository's real specs (specs/**). Ordered by size, with
/// the real set first.
/// </summary>
public sealed class SpecSet : IComparable<SpecSet>, IComparable
{
    private SpecSet(int? operations) => Operations = operations;

    /// <summary>N synthetic operations, or null for the repository's specs.</summary>
    public int? Operations { get; }

    public static IEnumerable<SpecSet> All => new[] { Real, Synthetic(43), Synthetic(250), Synthetic(1000), Synthetic(4000) };

    public static SpecSet Real { get; } = new(null);

    public static SpecSet Synthetic(int operations) => new(operations);

    public int CompareTo(SpecSet? other) => (Operations ?? 0).CompareTo(other?.Operations ?? 0);

    public int CompareTo(object? obj) => CompareTo(obj as SpecSet);

    public override string ToString() => Operations is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "neptunedata";
}

/// <summary>
/// One generator, its inputs, and a driver that has already run once over them (what an IDE holds between keystrokes).
/// Every measured method starts from that same warm driver, so each invocation does the same work. Step tracking is off,
/// as in the compiler and the IDE.
/// </summary>
public sealed class GeneratorScenario
{
    private const string SpecMetadata = "build_metadata.AdditionalFiles.NeptuneCodeGenSpec";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly Lazy<ISourceGenerator[]> RefitGenerators = new(LoadRefitGenerators);

    private readonly GeneratorKind _kind;
    private readonly ISourceGenerator[] _generators;
    private readonly ImmutableArray<AdditionalText> _texts;
    private readonly CSharpCompilation _compilation;
    private readonly CSharpCompilation _typedCompilation;
    private readonly CSharpCompilation? _editedInterfaceCompilation;
    private readonly AdditionalText? _editTarget;
    private readonly AdditionalText? _editedSpec;
    private GeneratorDriver? _warm;

    private GeneratorScenario(GeneratorKind kind, SpecSet specs)
    {
        _kind = kind;
        var files = specs.Operations is { } n ? SyntheticService.Specs(n) : RepoSpecs();
        var operationCount = files.Count(f => Regex.IsMatch(f.Text, "^operation:", RegexOptions.Multiline));
        var typed = Tree(SyntheticService.TypedFile(edited: false), "Typing.cs");
        var typedEdited = Tree(SyntheticService.TypedFile(edited: true), "Typing.cs");
        if (kind == GeneratorKind.Refit)
        {
            _generators = RefitGenerators.Value;
            _texts = ImmutableArray<AdditionalText>.Empty;
            var models = Tree(SyntheticService.RefitModels, "Models.cs");
            var api = Tree(SyntheticService.RefitInterface(operationCount), "ISyntheticApi.cs");
            _compilation = Compilation(api, models, typed);
            _typedCompilation = _compilation.ReplaceSyntaxTree(typed, typedEdited);
            _editedInterfaceCompilation = _compilation.ReplaceSyntaxTree(api, Tree(SyntheticService.RefitInterface(operationCount, edited: true), "ISyntheticApi.cs"));
        }
        else
        {
            _generators = new[]
            {
                kind switch
                {
                    GeneratorKind.Neptune => new NeptuneCodeGenerator().AsSourceGenerator(),
                    GeneratorKind.Floor => new FloorGenerator().AsSourceGenerator(),
                    _ => new FloorGenerator(emitOneFilePerSpec: true).AsSourceGenerator(),
                },
            };
            _texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
            _compilation = Compilation(typed);
            _typedCompilation = _compilation.ReplaceSyntaxTree(typed, typedEdited);
            var target = specs.Operations is { } count
                ? SyntheticService.OperationPath(SyntheticService.EditedOperation(count))
                : files.First(f => Regex.IsMatch(f.Text, "^operation:", RegexOptions.Multiline)).Path;
            _editTarget = _texts.Single(t => t.Path == target);
            _editedSpec = new InMemoryAdditionalText(target, SyntheticService.EditSpec(_editTarget.GetText()!.ToString()));
        }

        OperationCount = operationCount;
    }

    public int OperationCount { get; }

    /// <summary>Builds the scenario; with <paramref name="warm"/>, also runs the generator once and checks what it produced.</summary>
    public static GeneratorScenario Create(GeneratorKind kind, SpecSet specs, bool warm)
    {
        var scenario = new GeneratorScenario(kind, specs);
        if (warm)
        {
            scenario._warm = scenario.FullRun();
            scenario.Check();
        }
        else
        {
            scenario.Check(scenario.FullRun());
        }

        return scenario;
    }

    /// <summary>A new driver's first run: a build, or opening the project.</summary>
    public GeneratorDriver FullRun() => CreateDriver().RunGenerators(_compilation);

    /// <summary>A run with nothing changed.</summary>
    public GeneratorDriver NoChange() => Warm.RunGenerators(_compilation);

    /// <summary>A run after a keystroke in a C# file of the project (one syntax tree replaced).</summary>
    public GeneratorDriver CSharpEdit() => Warm.RunGenerators(_typedCompilation);

    /// <summary>A run after one spec changed (for Refit: one method of the interface).</summary>
    public GeneratorDriver SpecEdit() => _kind == GeneratorKind.Refit
        ? Warm.RunGenerators(_editedInterfaceCompilation!)
        : Warm.ReplaceAdditionalText(_editTarget!, _editedSpec!).RunGenerators(_compilation);

    private GeneratorDriver Warm => _warm ?? throw new InvalidOperationException("The scenario was created without a warm driver.");

    private GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        _generators, _texts, ParseOptions, MarkedSpecs.Instance,
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>Fails the setup (not a measured run) if a generator did not do the work it is measured for.</summary>
    private void Check(GeneratorDriver? run = null)
    {
        var result = (run ?? Warm).GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"{_kind} threw: {result.Exception}");
        }

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var sources = result.GeneratedSources;
        var ok = _kind switch
        {
            GeneratorKind.Floor => sources.IsEmpty,
            GeneratorKind.FloorWithFiles => sources.Length == _texts.Length,
            GeneratorKind.Neptune => errors.Count == 0 && sources.Sum(s => Regex.Matches(s.SourceText.ToString(), @"internal static class \w+Wire\n").Count) == OperationCount,
            _ => errors.Count == 0 && sources.Any(s => s.SourceText.ToString().Contains(SyntheticService.OperationName(OperationCount - 1) + "Async", StringComparison.Ordinal)),
        };
        if (!ok)
        {
            throw new InvalidOperationException($"{_kind} produced {sources.Length} files and {string.Join("; ", errors)} for {OperationCount} operations.");
        }

        if (run is null && _kind == GeneratorKind.Neptune)
        {
            // The edit must change exactly one generated file, or the one-spec edit measures something else.
            var before = sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            var after = SpecEdit().GetRunResult().Results.Single().GeneratedSources;
            var changed = after.Count(s => !before.TryGetValue(s.HintName, out var text) || text != s.SourceText.ToString());
            if (changed != 1 || after.Length != sources.Length)
            {
                throw new InvalidOperationException($"The one-spec edit changed {changed} generated files instead of one.");
            }
        }
    }

    private static SyntaxTree Tree(string code, string path) => CSharpSyntaxTree.ParseText(code, ParseOptions, path, Encoding.UTF8);

    private static CSharpCompilation Compilation(params SyntaxTree[] trees) => CSharpCompilation.Create(
        "SyntheticConsumer", trees, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static IReadOnlyList<(string Path, string Text)> RepoSpecs()
    {
        var folder = Metadata("NeptuneSpecs");
        return Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))
            .ToList();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework assemblies the Refit interface and its DTOs bind against, plus Refit itself.
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq", "System.Net.Http", "System.Net.Primitives",
            "System.Threading", "System.Threading.Tasks", "System.Text.Json", "System.Memory", "System.ObjectModel", "netstandard",
        };
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p)));
        return framework.Append(typeof(Refit.GetAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private static ISourceGenerator[] LoadRefitGenerators()
    {
        var reference = new AnalyzerFileReference(Metadata("RefitGenerator"), new AnalyzerLoader());
        var generators = reference.GetGenerators(LanguageNames.CSharp).ToArray();
        return generators.Length == 0 ? throw new InvalidOperationException("No generator found in Refit's analyzer assembly.") : generators;
    }

    private static string Metadata(string key) =>
        typeof(GeneratorScenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    /// <summary>Marks every file as a spec, as build/Neptune.CodeGen.props does for specs/**/*.yaml.</summary>
    private sealed class MarkedSpecs : AnalyzerConfigOptionsProvider
    {
        public static readonly MarkedSpecs Instance = new();

        public override AnalyzerConfigOptions GlobalOptions => Options.None;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Spec;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options None = new(false);
            public static readonly Options Spec = new(true);

            private readonly bool _spec;

            private Options(bool spec) => _spec = spec;

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = _spec && key == SpecMetadata ? "true" : null;
                return value is not null;
            }
        }
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}

/// <summary>
/// The floor: reads every .yaml additional file through the same kind of pipeline entry as Neptune.CodeGen (filter,
/// per-file build metadata, read the text) and emits nothing: what Roslyn's driver itself costs for N files. Optionally
/// emits a one-line file per spec, to show what the driver costs per generated file.
/// </summary>
public sealed class FloorGenerator : IIncrementalGenerator
{
    private readonly bool _emitOneFilePerSpec;

    public FloorGenerator(bool emitOneFilePerSpec = false) => _emitOneFilePerSpec = emitOneFilePerSpec;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.NeptuneCodeGenSpec", out var marked);
                return (pair.Left.Path, Length: pair.Left.GetText(cancellationToken)?.Length ?? 0, Marked: marked == "true");
            });
        if (_emitOneFilePerSpec)
        {
            context.RegisterSourceOutput(files, static (spc, file) =>
                spc.AddSource("Synthetic.Data.Synthetic." + Path.GetFileNameWithoutExtension(file.Path) + ".g.cs", "// " + file.Length + " characters\n"));
        }
        else
        {
            context.RegisterSourceOutput(files, static (_, _) => { });
        }
    }
}
