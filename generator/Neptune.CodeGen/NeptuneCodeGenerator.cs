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
/// read + bind per file, link the files' summaries into a small index, then build and emit each file's unit from that file
/// and the index alone (the service's client file, one shapes file per service, and the operations grouped into at most
/// <see cref="OperationFiles.MaxFiles"/> files per service, about <see cref="OperationFiles.OperationsPerFile"/> operations each).
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

        // Linking reads only what files need from each other (names, kinds, positions for diagnostics) into a small,
        // position-free index. Editing a doc, a member or the layout of one spec leaves the index equal, so no other file's
        // steps run again; adding or renaming an operation or a shape changes it, and every file is rebuilt once (linear).
        var linked = parsed
            .Select(static (file, _) => SpecLinker.Summarize(file))
            .WithTrackingName(TrackingNames.Summary)
            .Collect()
            .Select(static (files, cancellationToken) => Link(files, cancellationToken))
            .WithTrackingName(TrackingNames.Link);

        context.RegisterSourceOutput(linked.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var index = linked
            .Select(static (result, _) => result.Index)
            .WithTrackingName(TrackingNames.Index);

        // One unit per spec file (an operation's file, or a service's client file), from that file and the index alone.
        var built = parsed
            .Combine(index)
            .Select(static (pair, _) => Build(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Build);

        context.RegisterSourceOutput(built.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var units = built
            .Select(static (result, _) => result.Unit)
            .WithTrackingName(TrackingNames.Units);

        var serviceUnits = units
            .Where(static unit => unit is ServiceUnit)
            .WithTrackingName(TrackingNames.ServiceUnits);

        context.RegisterSourceOutput(serviceUnits, static (spc, unit) => Emit(spc, unit));

        // Operations share a bounded number of generated files (see OperationFiles). Grouping is cheap, and only the files
        // whose operations changed are emitted again: unchanged units are the same cached objects, so files compare equal.
        var operationFiles = units
            .Where(static unit => unit is OperationUnit)
            .Collect()
            .SelectMany(static (operations, _) => OperationFiles.Group(operations.OfType<OperationUnit>()))
            .WithTrackingName(TrackingNames.OperationFiles);

        context.RegisterSourceOutput(operationFiles, static (spc, file) => EmitOperations(spc, file));

        // Each service's shapes file, from the few files that declare shapes.
        var shapes = parsed
            .Select(static (file, _) => SpecLinker.ShapesOf(file))
            .Where(static source => source.Shapes.Count > 0)
            .Collect()
            .Combine(index)
            .SelectMany(static (pair, cancellationToken) => BuildShapes(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Shapes);

        context.RegisterSourceOutput(shapes.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var shapeUnits = shapes
            .Select(static (result, _) => result.Unit)
            .WithTrackingName(TrackingNames.ShapeUnits);

        context.RegisterSourceOutput(shapeUnits, static (spc, unit) => Emit(spc, unit));
    }

    private static SpecFile Parse(AdditionalText text, bool marked, CancellationToken cancellationToken)
    {
        try
        {
            // Null when the compiler could not read the file; it reports that itself (CS2001), so there is nothing to add.
            var source = text.GetText(cancellationToken);
            return source is null ? SpecFile.NotASpec(text.Path) : SpecBinder.Bind(text.Path, source, marked, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return SpecFile.NotASpec(text.Path) with { Diagnostics = new[] { Failure(text.Path, exception) }.ToEquatableArray() };
        }
    }

    private static LinkResult Link(ImmutableArray<SpecSummary> files, CancellationToken cancellationToken)
    {
        try
        {
            return SpecLinker.Link(files, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var path = files.IsDefaultOrEmpty ? "the specs" : files[0].Path;
            return new LinkResult(SpecIndex.Empty, new[] { Failure(path, exception) }.ToEquatableArray());
        }
    }

    private static UnitResult Build(SpecFile file, SpecIndex index)
    {
        try
        {
            return SpecLinker.BuildUnit(file, index);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new UnitResult(null, new[] { Failure(file.Path, exception) }.ToEquatableArray());
        }
    }

    private static ImmutableArray<UnitResult> BuildShapes(ImmutableArray<ShapeSource> sources, SpecIndex index, CancellationToken cancellationToken)
    {
        try
        {
            return SpecLinker.BuildShapes(sources, index, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var path = sources.IsDefaultOrEmpty ? "the specs" : sources[0].Path;
            return ImmutableArray.Create(new UnitResult(null, new[] { Failure(path, exception) }.ToEquatableArray()));
        }
    }

    private static void Emit(SourceProductionContext context, EmitUnit? unit)
    {
        if (unit is null)
        {
            return;
        }

        try
        {
            var source = unit switch
            {
                ServiceUnit service => ServiceEmitter.Emit(service),
                ShapesUnit shapes => ShapesEmitter.Emit(shapes),
                _ => throw new InvalidOperationException($"Unknown unit {unit.GetType().Name}."),
            };
            context.AddSource(unit.HintName, SourceText.From(source, Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Failure(unit.SourcePath, exception).ToDiagnostic());
        }
    }

    private static void EmitOperations(SourceProductionContext context, OperationsFileUnit file)
    {
        if (file.Operations.Count == 0)
        {
            return;
        }

        try
        {
            // One operation that fails to emit is reported at its own spec and left out; the file keeps the others.
            var source = OperationEmitter.EmitFile(file, (operation, exception) => context.ReportDiagnostic(Failure(operation.SourcePath, exception).ToDiagnostic()));
            context.AddSource(file.HintName, SourceText.From(source, Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Failure(file.SourcePath, exception).ToDiagnostic());
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
