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

    [Fact]
    public void The_bucket_is_fnv_1a_of_the_name_so_it_is_the_same_in_every_process()
    {
        // FNV-1a 32 of "a" is 0xE40C292C (the published test vector); string.GetHashCode would differ per process.
        Assert.Equal((int)(0xE40C292Cu % OperationFiles.Count), OperationFiles.BucketOf("a"));
        Assert.All(Enumerable.Range(0, 500).Select(i => OperationFiles.BucketOf($"Operation{i}")), b => Assert.InRange(b, 0, OperationFiles.Count - 1));
    }

    [Fact]
    public void Operations_spread_over_every_file_of_a_large_service()
    {
        var buckets = Enumerable.Range(0, 1000).Select(i => OperationFiles.BucketOf($"Op{i:D4}")).GroupBy(b => b).ToList();
        Assert.Equal(OperationFiles.Count, buckets.Count);
        Assert.All(buckets, b => Assert.InRange(b.Count(), 1000 / OperationFiles.Count / 2, 1000 / OperationFiles.Count * 2));
    }

    [Fact]
    public void Grouping_gives_each_service_a_fixed_slot_per_file_and_orders_operations_by_name()
    {
        var other = new ServiceNames("Other", "Acme.Other");
        var units = new[] { "Zeta", "Alpha", "Mid" }.Select(n => Operation(n, Names)).Append(Operation("Solo", other)).ToList();

        var files = OperationFiles.Group(units);

        Assert.Equal(2 * OperationFiles.Count, files.Length);
        Assert.Equal(new[] { "Acme.Other", "Acme.Svc" }, files.Select(f => f.Names.Namespace).Distinct());
        foreach (var file in files)
        {
            Assert.Equal(file.Operations.Select(o => o.OperationName).OrderBy(n => n, StringComparer.Ordinal), file.Operations.Select(o => o.OperationName));
            Assert.All(file.Operations, o => Assert.Equal(file.HintName, o.HintName));
        }

        // Slot i of a service holds exactly the operations whose bucket is i, empty or not.
        var svc = files.Where(f => f.Names == Names).ToList();
        for (var i = 0; i < OperationFiles.Count; i++)
        {
            Assert.Equal(units.Where(u => u.Names == Names && OperationFiles.BucketOf(u.OperationName) == i).Select(u => u.OperationName).OrderBy(n => n, StringComparer.Ordinal),
                svc[i].Operations.Select(o => o.OperationName));
        }
    }

    [Fact]
    public void An_operation_that_fails_to_emit_is_reported_and_left_out_while_the_rest_of_its_file_is_written()
    {
        // A label with no input member makes the emitter throw (the binder never lets that through; here it is forced).
        var broken = Operation("Broken", Names) with { Uri = new[] { new UriPart("/x/", "missing") }.ToEquatableArray() };
        var file = new OperationsFileUnit("Acme.Svc.Svc.Operations00.g.cs", "/s/A.yaml", Names,
            new[] { Operation("A", Names), broken, Operation("C", Names) }.ToEquatableArray());
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

    private static OperationUnit Operation(string name, ServiceNames names) => new(
        OperationFiles.HintName(names.Namespace, names.ServiceName, OperationFiles.BucketOf(name)), $"/s/{name}.yaml", names, name, null, null, "GET",
        new[] { new UriPart("/" + name.ToLowerInvariant(), null) }.ToEquatableArray(), 200, false, false,
        EquatableArray<MemberModel>.Empty, EquatableArray<MemberModel>.Empty, EquatableArray<ErrorModel>.Empty);
}
