using System;
using System.Linq;
using Neptune.CodeGen.Emitting;
using Neptune.CodeGen.Linking;
using Neptune.CodeGen.Model;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>How operations are grouped into a bounded number of generated files, and how one file is written.</summary>
public sealed class OperationFilesTests
{
    private static readonly ServiceNames Names = new("Svc", "Acme.Svc");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(32, 1)]
    [InlineData(33, 2)]
    [InlineData(43, 2)]
    [InlineData(250, 8)]
    [InlineData(1000, 32)]
    [InlineData(4000, 64)]
    [InlineData(100_000, 64)]
    public void A_service_has_a_power_of_two_files_of_about_32_operations_and_never_more_than_64(int operations, int files) =>
        Assert.Equal(files, OperationFiles.FileCount(operations));

    [Fact]
    public void The_file_is_fnv_1a_of_the_name_so_it_is_the_same_in_every_process()
    {
        // FNV-1a 32 of "a" is 0xE40C292C (the published test vector); string.GetHashCode would differ per process.
        Assert.Equal((int)(0xE40C292Cu % 64), OperationFiles.FileOf("a", 64));
        Assert.Equal((int)(0xE40C292Cu % 8), OperationFiles.FileOf("a", 8));
    }

    [Fact]
    public void Operations_spread_evenly_over_the_files_of_a_large_service()
    {
        var count = OperationFiles.FileCount(1000);
        var files = Enumerable.Range(0, 1000).Select(i => OperationFiles.FileOf($"Op{i:D4}", count)).GroupBy(b => b).ToList();
        Assert.Equal(count, files.Count);
        Assert.All(files, b => Assert.InRange(b.Count(), 1000 / count / 2, 1000 / count * 2));
    }

    [Fact]
    public void Grouping_gives_each_service_a_fixed_slot_per_file_and_orders_operations_by_name()
    {
        var other = new ServiceNames("Other", "Acme.Other");
        var names = Enumerable.Range(0, 40).Select(i => $"Op{i}").Reverse().ToList();
        var units = names.Select(n => Operation(n, Names, names.Count)).Append(Operation("Solo", other, 1)).ToList();

        var service = new ServiceUnit("Acme.Svc.Svc.g.cs", "/s/service.yaml", Names, "1", "svc", null, EquatableArray<ErrorModel>.Empty);
        var all = OperationFiles.Group(units.Cast<EmitUnit>().Append(service).Append(null));

        // Acme.Other's one operation file, then Acme.Svc's client file and two operation files (40 operations), each slot
        // at its file's index.
        Assert.Same(service, all[1]);
        var files = all.Where(f => f is not ServiceUnit).Cast<OperationsFileUnit>().ToList();
        Assert.Equal(new[] { "Acme.Other", "Acme.Svc", "Acme.Svc" }, files.Select(f => f.Names.Namespace));
        Assert.Equal(4, all.Length);
        var svc = files.Where(f => f.Names == Names).ToList();
        for (var i = 0; i < svc.Count; i++)
        {
            Assert.Equal(
                names.Where(n => OperationFiles.FileOf(n, 2) == i).OrderBy(n => n, StringComparer.Ordinal),
                svc[i].Operations.Select(o => o.OperationName));
            Assert.All(svc[i].Operations, o => Assert.Equal(svc[i].HintName, o.HintName));
        }
    }

    [Fact]
    public void An_empty_file_keeps_its_slot()
    {
        // Two files, but every operation in the second one: the first slot is there, empty, so the second stays second.
        var names = Enumerable.Range(0, 200).Select(i => $"N{i}").Where(n => OperationFiles.FileOf(n, 2) == 1).Take(33).ToList();
        var files = OperationFiles.Group(names.Select(n => Operation(n, Names, 2 * OperationFiles.OperationsPerFile))).Cast<OperationsFileUnit>().ToList();

        Assert.Equal(2, files.Count);
        Assert.Empty(files[0].Operations);
        Assert.Equal(33, files[1].Operations.Count);
    }

    [Fact]
    public void An_operation_that_fails_to_emit_is_reported_and_left_out_while_the_rest_of_its_file_is_written()
    {
        // A label with no input member makes the emitter throw (the binder never lets that through; here it is forced).
        var broken = Operation("Broken", Names, 3) with { Uri = new[] { new UriPart("/x/", "missing") }.ToEquatableArray() };
        var file = new OperationsFileUnit("Acme.Svc.Svc.Operations00.g.cs", "/s/A.yaml", Names,
            new[] { Operation("A", Names, 3), broken, Operation("C", Names, 3) }.ToEquatableArray());
        var failed = new System.Collections.Generic.List<string>();

        var text = OperationEmitter.EmitFile(file, (operation, exception) => failed.Add(operation.OperationName));

        Assert.Equal(new[] { "Broken" }, failed);
        Assert.DoesNotContain("class Broken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BrokenAsync", text, StringComparison.Ordinal);
        Assert.Contains("internal static class AWire", text, StringComparison.Ordinal);
        Assert.Contains("internal static class CWire", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", text, StringComparison.Ordinal);
    }

    private static OperationUnit Operation(string name, ServiceNames names, int operationsInService)
    {
        var count = OperationFiles.FileCount(operationsInService);
        var file = OperationFiles.FileOf(name, count);
        return new OperationUnit(
            OperationFiles.HintName(names.Namespace, names.ServiceName, file), $"/s/{name}.yaml", names, name, null, null, "GET",
            new[] { new UriPart("/" + name.ToLowerInvariant(), null) }.ToEquatableArray(), 200, false, false,
            EquatableArray<MemberModel>.Empty, EquatableArray<MemberModel>.Empty, EquatableArray<ErrorModel>.Empty, count);
    }
}
