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

        // Linking reads only what files need from each other (names, kinds, positions for diagnostics) into a small,
        // position-free index. Editing a doc, a member or the layout of one spec leaves the index equal, so no other file's
        // steps run again (in a file that declares shapes, Link runs again and finds the index equal); adding or renaming an
        // operation or a shape changes it, and every file is rebuilt once (linear).
        var summaries = parsed
            .Select(static (file, _) => SpecLinker.Summarize(file))
            .WithTrackingName(TrackingNames.Summary)
            .Collect();

        var linked = summaries
            .Select(static (files, cancellationToken) => Link(files, cancellationToken))
            .WithTrackingName(TrackingNames.Link);

        context.RegisterSourceOutput(linked.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var index = linked
            .Select(static (result, _) => result.Index)
            .WithTrackingName(TrackingNames.Index);

        // One unit per spec file (an operation, or a service's client file), from that file and the index alone. Its result
        // also carries the file's own diagnostics from Parse, so they need no output of their own (every node and output
        // costs a little on each run, even a cached one).
        var built = parsed
            .Combine(index)
            .Select(static (pair, _) => Build(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Build);

        // The files are made from all results at once (a single node, not one per file), and so are their diagnostics.
        var results = built.Collect();

        context.RegisterSourceOutput(results.Select(static (all, _) => AllDiagnostics(all)), static (spc, diagnostics) => Report(spc, diagnostics));

        // The services' client files, and their operations grouped into a bounded number of files (see OperationFiles).
        // Grouping is cheap, and only the files whose units changed are emitted again: unchanged units are the same cached
        // objects, so their files compare equal at once.
        var files = results
            .SelectMany(static (all, _) => OperationFiles.Group(all.Select(static result => result.Unit)))
            .WithTrackingName(TrackingNames.Files);

        context.RegisterSourceOutput(files, static (spc, file) => Emit(spc, file));

        // Each service's shapes file, from the few files that declare shapes (their summaries carry them).
        var shapes = summaries
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
        UnitResult result;
        try
        {
            result = SpecLinker.BuildUnit(file, index);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = new UnitResult(null, new[] { Failure(file.Path, exception) }.ToEquatableArray());
        }

        return file.Diagnostics.Count == 0 ? result : result with { Diagnostics = file.Diagnostics.Concat(result.Diagnostics).ToEquatableArray() };
    }

    private static ImmutableArray<UnitResult> BuildShapes(ImmutableArray<SpecSummary> sources, SpecIndex index, CancellationToken cancellationToken)
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
                OperationsFileUnit { Operations.Count: 0 } => null,

                // One operation that fails to emit is reported at its own spec and left out; the file keeps the others.
                OperationsFileUnit file => OperationEmitter.EmitFile(file, (operation, exception) => context.ReportDiagnostic(Failure(operation.SourcePath, exception).ToDiagnostic())),
                _ => throw new InvalidOperationException($"Unknown unit {unit.GetType().Name}."),
            };
            if (source is not null)
            {
                context.AddSource(unit.HintName, SourceText.From(source, Encoding.UTF8));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Failure(unit.SourcePath, exception).ToDiagnostic());
        }
    }

    private static EquatableArray<DiagnosticInfo> AllDiagnostics(ImmutableArray<UnitResult> results) =>
        results.All(static result => result.Diagnostics.Count == 0)
            ? EquatableArray<DiagnosticInfo>.Empty
            : results.SelectMany(static result => result.Diagnostics).ToEquatableArray();

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
