using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Linking;
using Neptune.CodeGen.Model;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Incrementality, driven through CSharpGeneratorDriver with step tracking: every step named in TrackingNames is checked,
/// edits to one spec regenerate only what depends on it, and the models crossing steps hold no Roslyn or YamlDotNet objects.
/// </summary>
public sealed class CachingTests
{
    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    /// <summary>Every step name the pipeline declares, found by reflection so a new step is covered automatically.</summary>
    private static IReadOnlyList<string> TrackedStepNames { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void Every_tracking_name_is_used_by_the_pipeline()
    {
        var run = FirstRun(out _);
        // Reflection found the steps the tests below rely on (new names are picked up automatically).
        Assert.All(new[] { TrackingNames.SpecFiles, TrackingNames.Parse, TrackingNames.Summary, TrackingNames.Link, TrackingNames.Index, TrackingNames.Build, TrackingNames.Files, TrackingNames.Shapes, TrackingNames.ShapeUnits },
            n => Assert.Contains(n, TrackedStepNames));
        foreach (var name in TrackedStepNames)
        {
            Assert.True(run.Result.TrackedSteps.ContainsKey(name), $"Step '{name}' was not tracked; is WithTrackingName missing?");
            Assert.All(Outputs(run, name), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        }
    }

    [Fact]
    public void A_second_run_without_changes_is_served_from_the_cache()
    {
        var first = FirstRun(out _);

        // A new C# file in the compilation must not matter either: the generator does not read C#.
        var compilation = GeneratorHarness.EmptyCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", CompilationHarness.ParseOptions));
        var second = GeneratorHarness.Run(first.Driver, compilation);

        Assert.Equal<GeneratedFile>(first.Sources, second.Sources);
        foreach (var name in TrackedStepNames)
        {
            Assert.All(Outputs(second, name), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        }

        Assert.All(second.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_one_operation_regenerates_only_that_operation()
    {
        var first = FirstRun(out var texts);
        var old = texts.Single(t => t.Path.EndsWith("PutWidget.yaml", StringComparison.Ordinal));
        var edited = Replace(old, "doc: \"Creates or replaces a widget.", "doc: \"Creates, or replaces, a widget.");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        // Parse: only the edited file is recomputed into a different model.
        var parse = Outputs(second, TrackingNames.Parse).ToList();
        var modified = Assert.Single(parse, o => o.Reason != IncrementalStepRunReason.Cached);
        Assert.Equal(IncrementalStepRunReason.Modified, modified.Reason);
        Assert.Equal(old.Path, ((SpecFile)modified.Value).Path);

        // Units: the PutWidget unit changes; every other unit is equal to last time.
        var units = Units(second).ToList();
        Assert.Equal(Units(first).Count(), units.Count);
        foreach (var (value, reason) in units)
        {
            var unit = (EmitUnit)value;
            if (unit is OperationUnit { OperationName: "PutWidget" })
            {
                Assert.Equal(IncrementalStepRunReason.Modified, reason);
            }
            else
            {
                Assert.Contains(reason, CachedOrUnchanged);
            }
        }

        // Source outputs: only the file holding PutWidget is re-run.
        var sourceOutputs = UnitSourceOutputs(second).ToList();
        Assert.Equal(UnitSourceOutputs(first).Count(), sourceOutputs.Count);
        Assert.All(sourceOutputs, o => Assert.Equal(
            Holds(o.Unit, "PutWidget") ? IncrementalStepRunReason.Modified : IncrementalStepRunReason.Cached,
            o.Reason));

        // The generated text: PutWidget's file changes, all others are identical.
        var changed = ChangedHintNames(first, second);
        Assert.Equal(new[] { first.OperationFileOf("PutWidget") }, changed);
        Assert.Contains("Creates, or replaces, a widget.", second.OperationSource("PutWidget"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("comment on top")]
    [InlineData("indentation doubled")]
    [InlineData("CRLF line endings")]
    public void A_layout_only_edit_moves_positions_but_regenerates_nothing(string edit)
    {
        var first = FirstRun(out var texts);
        var old = texts.Single(t => t.Path.EndsWith("GetWidget.yaml", StringComparison.Ordinal));
        var source = old.GetText()!.ToString();
        var edited = new TestAdditionalText(old.Path, edit switch
        {
            "comment on top" => "# A new comment that shifts every line down.\n\n" + source,
            "indentation doubled" => System.Text.RegularExpressions.Regex.Replace(source, "(?m)^( +)", m => m.Value + m.Value),
            _ => source.Replace("\n", "\r\n"),
        });
        Assert.NotEqual(source, edited.GetText()!.ToString());

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        // The bound model of the file holds positions (for diagnostics), so it is different...
        var parse = Outputs(second, TrackingNames.Parse).ToList();
        var modified = Assert.Single(parse, o => o.Reason != IncrementalStepRunReason.Cached);
        Assert.Equal(IncrementalStepRunReason.Modified, modified.Reason);

        // ...but the index and the position-free emit models are equal, so nothing downstream runs again.
        Assert.All(Outputs(second, TrackingNames.Link), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(Outputs(second, TrackingNames.Index), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(Units(second), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(Outputs(second, TrackingNames.Files), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(Outputs(second, TrackingNames.ShapeUnits), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(UnitSourceOutputs(second), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Empty(ChangedHintNames(first, second));
    }

    [Fact]
    public void A_trailing_comment_and_blank_line_leave_even_the_parse_model_equal()
    {
        var first = FirstRun(out var texts);
        var old = texts.Single(t => t.Path.EndsWith("DeleteWidget.yaml", StringComparison.Ordinal));
        var edited = new TestAdditionalText(old.Path, old.GetText()!.ToString() + "# trailing comment\n   \n");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        Assert.All(Outputs(second, TrackingNames.Parse), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.All(Outputs(second, TrackingNames.Link), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Empty(ChangedHintNames(first, second));
    }

    [Fact]
    public void Adding_an_operation_adds_one_unit_and_leaves_the_others_alone()
    {
        var first = FirstRun(out var texts);
        var added = new TestAdditionalText(System.IO.Path.Combine(RepoPaths.TestSpecs, "ListWidgets.yaml"), "operation: ListWidgets\nhttp: { method: GET, uri: /widgets }\noutput:\n  names: list<string>\n");
        var driver = GeneratorHarness.CreateDriver(texts.Append(added), texts.Append(added).Select(t => t.Path));
        var baseline = GeneratorHarness.Run(GeneratorHarness.CreateDriver(texts, texts.Select(t => t.Path)));

        // Same driver history as in an IDE: first run without the file, then the file appears.
        var second = GeneratorHarness.Run(baseline.Driver.AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(added)));

        Assert.Empty(second.Diagnostics);
        var units = Units(second).ToList();
        var newUnit = Assert.Single(units, o => o.Reason == IncrementalStepRunReason.New);
        Assert.Equal("ListWidgets", ((OperationUnit)newUnit.Value).OperationName);
        Assert.All(units.Where(o => o != newUnit), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        // Only the file the new operation falls into is written (new, or an existing one that now holds it too).
        var showcaseOperations = texts.Count(t => System.Text.RegularExpressions.Regex.IsMatch(t.GetText()!.ToString(), "(?m)^operation:")) + 1;
        var file = OperationFileNames.Of("Neptune.CodeGen.Showcase", "Showcase", "ListWidgets", showcaseOperations);
        var fileExisted = first.Sources.Any(s => s.HintName == file);
        Assert.All(UnitSourceOutputs(second), o => Assert.Equal(
            Holds(o.Unit, "ListWidgets") ? IncrementalStepRunReason.Modified : IncrementalStepRunReason.Cached,
            o.Reason));
        Assert.Equal(new[] { file }, ChangedHintNames(first, second));
        Assert.Equal(first.Sources.Length + (fileExisted ? 0 : 1), second.Sources.Length);
        Assert.Equal<GeneratedFile>(GeneratorHarness.Run(driver).Sources, second.Sources);
    }

    [Fact]
    public void Removing_an_operation_removes_its_unit_and_leaves_the_others_alone()
    {
        var first = FirstRun(out var texts);
        var removed = texts.Single(t => t.Path.EndsWith("GetWidget.yaml", StringComparison.Ordinal));

        var second = GeneratorHarness.Run(first.Driver.RemoveAdditionalTexts(ImmutableArray.Create(removed)));

        Assert.Empty(second.Diagnostics);
        var units = Units(second).ToList();
        var gone = Assert.Single(units, o => o.Reason == IncrementalStepRunReason.Removed);
        Assert.Equal("GetWidget", ((OperationUnit)gone.Value).OperationName);
        Assert.All(units.Where(o => o != gone), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        // Its file is gone, or (when it shared it) written again without it; every other file is untouched.
        var file = first.OperationFileOf("GetWidget");
        Assert.DoesNotContain(second.Sources, s => s.Text.Contains("class GetWidgetWire", StringComparison.Ordinal));
        Assert.Equal(first.Sources.Select(s => s.HintName).Where(h => h != file), second.Sources.Select(s => s.HintName).Where(h => h != file));
        Assert.All(ChangedHintNames(first, second), h => Assert.Equal(file, h));
    }

    [Fact]
    public void Editing_one_spec_among_many_reruns_only_that_specs_steps()
    {
        // 200 operations: every step of every other spec must be served from the cache (Cached, not even re-run and found
        // Unchanged), and the steps over all files (Link, Index, Shapes) must not run at all. That is what keeps a
        // one-spec edit's cost independent of the number of specs, apart from the driver's own bookkeeping.
        var texts = ManyOperations(200);
        var first = GeneratorHarness.Run(texts);
        Assert.Empty(first.Diagnostics);
        var old = texts.Single(t => t.Path.EndsWith("Op0100.yaml", StringComparison.Ordinal));
        var edited = Replace(old, "iamAction: many:Op0100", "iamAction: many:Op0100Edited");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        foreach (var step in new[] { TrackingNames.SpecFiles, TrackingNames.Parse, TrackingNames.Build })
        {
            var outputs = Outputs(second, step).ToList();
            Assert.Equal(texts.Length, outputs.Count);
            var rerun = Assert.Single(outputs, o => o.Reason != IncrementalStepRunReason.Cached);
            Assert.Equal(IncrementalStepRunReason.Modified, rerun.Reason);
        }

        // The summary holds no docs or IAM actions: re-run for the edited file only, and equal.
        var summaries = Outputs(second, TrackingNames.Summary).ToList();
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(summaries, o => o.Reason != IncrementalStepRunReason.Cached).Reason);
        foreach (var step in new[] { TrackingNames.Link, TrackingNames.Index, TrackingNames.Shapes, TrackingNames.ShapeUnits })
        {
            Assert.All(Outputs(second, step), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        // Grouping the operations into files runs again over all units (no spec work: the unchanged units are the cached
        // objects, so each file compares equal at once), and only the file holding the edited operation is different.
        var files = Outputs(second, TrackingNames.Files).ToList();
        Assert.Equal(Outputs(first, TrackingNames.Files).Count(), files.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(files, o => o.Reason != IncrementalStepRunReason.Unchanged).Reason);

        var rerunOutputs = second.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Where(o => o.Reason != IncrementalStepRunReason.Cached).ToList();
        Assert.Single(rerunOutputs);
        Assert.Equal(new[] { first.OperationFileOf("Op0100") }, ChangedHintNames(first, second));

        // 200 operations share a bounded number of files (what keeps the driver's per-file cost flat).
        Assert.Equal(OperationFiles.FileCount(200) + 1, first.Sources.Length);
    }

    [Fact]
    public void Editing_a_shape_declared_in_an_operation_regenerates_the_shapes_file_only()
    {
        var first = FirstRun(out var texts);
        var old = texts.Single(t => t.Path.EndsWith("PutWidget.yaml", StringComparison.Ordinal));
        var edited = Replace(old, "doc: A stored widget.", "doc: A widget, stored.");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        Assert.All(Outputs(second, TrackingNames.Index), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(Units(second), o => Assert.Contains(o.Reason, CachedOrUnchanged));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(second, TrackingNames.ShapeUnits)).Reason);
        Assert.Equal(new[] { "Neptune.CodeGen.Showcase.Showcase-Shapes.g.cs" }, ChangedHintNames(first, second));
    }

    [Fact]
    public void Adding_a_shape_that_turns_an_unknown_type_into_a_known_one_rebuilds_the_operations()
    {
        // The index (shape names and kinds) is what operations are built against: when it changes, they are rebuilt.
        var service = ("/many/service.yaml", "service: Many\nnamespace: Many.Api\napiVersion: \"1\"\nsigningName: many\nprotocol: rest-json\n");
        var operation = ("/many/GetThing.yaml", "operation: GetThing\nhttp: { method: GET, uri: /thing }\noutput:\n  thing: Thing\n");
        var texts = new[] { service, operation }.Select(f => (AdditionalText)new TestAdditionalText(f.Item1, f.Item2)).ToImmutableArray();
        var first = GeneratorHarness.Run(texts);
        Assert.Contains(first.Diagnostics, d => d.Id == "NCG0014");
        Assert.DoesNotContain(first.Sources, s => s.Text.Contains("class GetThingWire", StringComparison.Ordinal));

        var shape = new TestAdditionalText("/many/Thing.yaml", "operation: PutThing\nhttp: { method: PUT, uri: /thing }\nshapes:\n  Thing:\n    type: structure\n    members:\n      name: string\n");
        var second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(shape)));

        Assert.Empty(second.Diagnostics);
        Assert.Contains("class GetThingWire", second.OperationSource("GetThing"), StringComparison.Ordinal);
        Assert.Contains(second.Sources, s => s.HintName == "Many.Api.Many-Shapes.g.cs");
    }

    [Fact]
    public void Editing_the_service_spec_regenerates_the_service_file_but_not_the_operations()
    {
        var first = FirstRun(out var texts);
        var old = texts.Single(t => t.Path.EndsWith("service.yaml", StringComparison.Ordinal));
        var edited = Replace(old, "and a second line.", "and a 2nd line.");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(old, edited));

        Assert.Equal(new[] { "Neptune.CodeGen.Showcase.Showcase.g.cs" }, ChangedHintNames(first, second));
        Assert.All(UnitSourceOutputs(second), o => Assert.Equal(
            o.Unit is ServiceUnit ? IncrementalStepRunReason.Modified : IncrementalStepRunReason.Cached,
            o.Reason));
    }

    [Fact]
    public void Models_of_independent_runs_are_equal_with_equal_hash_codes()
    {
        // Value equality is what lets the driver stop early; a List<T> or array in a model would break it.
        var a = FirstRun(out _);
        var b = FirstRun(out _);
        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Summary, TrackingNames.Link, TrackingNames.Index, TrackingNames.Build, TrackingNames.Files, TrackingNames.Shapes, TrackingNames.ShapeUnits })
        {
            var left = Outputs(a, name).Select(o => o.Value).ToList();
            var right = Outputs(b, name).Select(o => o.Value).ToList();
            Assert.Equal(left.Count, right.Count);
            for (var i = 0; i < left.Count; i++)
            {
                Assert.NotSame(left[i], right[i]);
                Assert.Equal(left[i], right[i]);
                Assert.Equal(left[i].GetHashCode(), right[i].GetHashCode());
            }
        }
    }

    [Fact]
    public void Models_hold_no_roslyn_objects_yamldotnet_objects_or_locations()
    {
        // The showcase plus a file with diagnostics, so DiagnosticInfo and every model type is in the graph.
        var texts = TestAdditionalText.FromFolder(RepoPaths.TestSpecs)
            .Add(new TestAdditionalText("/other/Broken.yaml", "operation: Broken\nhttp: { method: FETCH, uri: /x }\n"));
        var run = GeneratorHarness.Run(texts);
        Assert.NotEmpty(run.Diagnostics);

        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Summary, TrackingNames.Link, TrackingNames.Index, TrackingNames.Build, TrackingNames.Files, TrackingNames.Shapes, TrackingNames.ShapeUnits })
        {
            var positionsAllowed = name is not (TrackingNames.Index or TrackingNames.Files or TrackingNames.ShapeUnits);
            foreach (var (value, _) in Outputs(run, name))
            {
                var violations = new List<string>();
                ObjectGraph.Walk(value, name, positionsAllowed, violations);
                Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
            }
        }
    }

    [Fact]
    public void The_object_graph_walk_finds_forbidden_objects()
    {
        // Proves the walk above can fail: a Location, a YamlDotNet node and a position in a unit are all reported.
        var violations = new List<string>();
        ObjectGraph.Walk(new object[] { Location.None, new YamlDotNet.RepresentationModel.YamlScalarNode("x") }, "root", positionsAllowed: true, violations);
        ObjectGraph.Walk(LocationInfo.FileStart("/a.yaml"), "unit", positionsAllowed: false, violations);
        Assert.Contains(violations, v => v.Contains("Location", StringComparison.Ordinal) && v.StartsWith("root[0]", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("YamlDotNet", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("unit", StringComparison.Ordinal));
    }

    private static GeneratorRun FirstRun(out ImmutableArray<AdditionalText> texts)
    {
        texts = TestAdditionalText.FromFolder(RepoPaths.TestSpecs);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(texts, texts.Select(t => t.Path)));
        Assert.Empty(run.Diagnostics);
        return run;
    }

    /// <summary>A service of <paramref name="count"/> small operations, one file each.</summary>
    private static ImmutableArray<AdditionalText> ManyOperations(int count)
    {
        var files = new List<AdditionalText> { new TestAdditionalText("/many/service.yaml", "service: Many\nnamespace: Many.Api\napiVersion: \"1\"\nsigningName: many\nprotocol: rest-json\nerrors:\n  NotFound:\n    status: 404\n") };
        for (var i = 0; i < count; i++)
        {
            var name = $"Op{i:D4}";
            files.Add(new TestAdditionalText($"/many/{name}.yaml",
                $"operation: {name}\niamAction: many:{name}\nhttp:\n  method: GET\n  uri: /things/{{id}}/{i}\ninput:\n  id:\n    in: label\n    type: string\n    required: true\noutput:\n  name: string\nerrors:\n  - NotFound\n"));
        }

        return files.ToImmutableArray();
    }

    private static TestAdditionalText Replace(AdditionalText text, string oldValue, string newValue)
    {
        var source = text.GetText()!.ToString();
        Assert.Contains(oldValue, source, StringComparison.Ordinal);
        return new TestAdditionalText(text.Path, SourceText.From(source.Replace(oldValue, newValue), System.Text.Encoding.UTF8));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step) =>
        run.Result.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs) : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    /// <summary>Each spec file's unit (null when it gets none), from the Build step's results.</summary>
    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Units(GeneratorRun run) =>
        Outputs(run, TrackingNames.Build).Select(o => ((object)((UnitResult)o.Value).Unit!, o.Reason));

    /// <summary>The source-output steps that write the services' client files and the operation files, each with its unit.</summary>
    private static IEnumerable<(EmitUnit Unit, IncrementalStepRunReason Reason)> UnitSourceOutputs(GeneratorRun run) =>
        run.Result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(s => s.Inputs.Length == 1 && s.Inputs[0].Source.Name == TrackingNames.Files)
            .SelectMany(s => s.Outputs.Select(o => ((EmitUnit)s.Inputs[0].Source.Outputs[s.Inputs[0].OutputIndex].Value, o.Reason)));

    /// <summary>Whether <paramref name="unit"/> is an operation file holding <paramref name="operation"/>.</summary>
    private static bool Holds(EmitUnit unit, string operation) =>
        unit is OperationsFileUnit file && file.Operations.Any(o => o.OperationName == operation);

    private static List<string> ChangedHintNames(GeneratorRun first, GeneratorRun second)
    {
        var before = first.Sources.ToDictionary(s => s.HintName, s => s.Text);
        return second.Sources.Where(s => !before.TryGetValue(s.HintName, out var text) || text != s.Text).Select(s => s.HintName).ToList();
    }
}

/// <summary>Walks every field of a model looking for objects that must not cross pipeline steps.</summary>
internal static class ObjectGraph
{
    private static readonly HashSet<Type> PositionTypes = new() { typeof(TextSpan), typeof(LinePositionSpan), typeof(LinePosition), typeof(LocationInfo) };

    public static void Walk(object? root, string path, bool positionsAllowed, List<string> violations) =>
        Walk(root, path, positionsAllowed, violations, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static void Walk(object? value, string path, bool positionsAllowed, List<string> violations, HashSet<object> visited)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        if (Forbidden(type, positionsAllowed) is { } reason)
        {
            violations.Add($"{path}: {type.FullName} ({reason})");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal)
        {
            return;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is Array array)
        {
            for (var i = 0; i < array.Length; i++)
            {
                Walk(array.GetValue(i), $"{path}[{i}]", positionsAllowed, violations, visited);
            }

            return;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", positionsAllowed, violations, visited);
            }
        }
    }

    private static string? Forbidden(Type type, bool positionsAllowed)
    {
        if (PositionTypes.Contains(type))
        {
            return positionsAllowed ? null : "emit models must not hold positions, or moving text would regenerate code";
        }

        var assembly = type.Assembly.GetName().Name ?? string.Empty;
        if (assembly == "YamlDotNet")
        {
            return "YamlDotNet objects must not leave the parse step";
        }

        if (assembly.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
        {
            return "Roslyn objects (symbols, syntax, compilations, locations, texts) are not value-equatable";
        }

        if (typeof(Delegate).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type))
        {
            return "delegates and reflection objects are not value-equatable";
        }

        return null;
    }
}
