using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Binding;
using Neptune.CodeGen.Diagnostics;
using Neptune.CodeGen.Emitting;
using Neptune.CodeGen.Linking;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen;

/// <summary>
/// Reads YAML operation specs (AdditionalFiles) and generates a typed client for each service:
/// read + bind per file, link across files, emit one file per operation plus the service's shared files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NeptuneCodeGenerator : IIncrementalGenerator
{
    private const string SpecMetadata = "build_metadata.AdditionalFiles.NeptuneCodeGenSpec";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) =>
            {
                var marked = pair.Right.GetOptions(pair.Left).TryGetValue(SpecMetadata, out var value) &&
                             string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
                return (Text: pair.Left, Marked: marked);
            })
            .WithTrackingName(TrackingNames.SpecFiles);

        var parsed = specFiles
            .Select(static (file, cancellationToken) => Parse(file.Text, file.Marked, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(parsed.Select(static (file, _) => file.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var linked = parsed
            .Where(static file => file.Kind != SpecFileKind.None)
            .Collect()
            .Select(static (files, cancellationToken) => Link(files, cancellationToken))
            .WithTrackingName(TrackingNames.Link);

        context.RegisterSourceOutput(linked.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        // Each spec file's own units (an operation's file; a service's client and shapes files), looked up in the link result.
        // Keyed by file rather than one SelectMany over the whole list: SelectMany compares its outputs by position, so with one
        // list an added or removed spec would shift, and so regenerate, every unit after it.
        var units = parsed
            .Combine(linked)
            .SelectMany(static (pair, _) => UnitsOf(pair.Left.Path, pair.Right))
            .WithTrackingName(TrackingNames.Units);

        context.RegisterSourceOutput(units, static (spc, unit) => Emit(spc, unit));
    }

    private static SpecFile Parse(AdditionalText text, bool marked, CancellationToken cancellationToken)
    {
        try
        {
            // Null when the compiler could not read the file; it reports that itself (CS2001), so there is nothing to add.
            var source = text.GetText(cancellationToken);
            return source is null ? SpecFile.NotASpec(text.Path) : SpecBinder.Bind(text.Path, source.ToString(), marked, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return SpecFile.NotASpec(text.Path) with { Diagnostics = new[] { Failure(text.Path, exception) }.ToEquatableArray() };
        }
    }

    private static LinkResult Link(ImmutableArray<SpecFile> files, CancellationToken cancellationToken)
    {
        try
        {
            return SpecLinker.Link(files, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var path = files.IsDefaultOrEmpty ? "the specs" : files[0].Path;
            return new LinkResult(EquatableArray<EmitUnit>.Empty, new[] { Failure(path, exception) }.ToEquatableArray());
        }
    }

    private static ImmutableArray<EmitUnit> UnitsOf(string path, LinkResult result)
    {
        var builder = ImmutableArray.CreateBuilder<EmitUnit>();
        foreach (var unit in result.Units)
        {
            if (string.Equals(unit.SourcePath, path, StringComparison.Ordinal))
            {
                builder.Add(unit);
            }
        }

        return builder.ToImmutable();
    }

    private static void Emit(SourceProductionContext context, EmitUnit unit)
    {
        try
        {
            var source = unit switch
            {
                ServiceUnit service => ServiceEmitter.Emit(service),
                ShapesUnit shapes => ShapesEmitter.Emit(shapes),
                OperationUnit operation => OperationEmitter.Emit(operation),
                _ => throw new InvalidOperationException($"Unknown unit {unit.GetType().Name}."),
            };
            context.AddSource(unit.HintName, SourceText.From(source, Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Failure(unit.SourcePath, exception).ToDiagnostic());
        }
    }

    private static DiagnosticInfo Failure(string path, Exception exception) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(path), path, exception.GetType().FullName ?? "an exception",
            exception.Message.Replace('\r', ' ').Replace('\n', ' '));

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
