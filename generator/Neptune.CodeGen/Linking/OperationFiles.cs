using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Linking;

/// <summary>
/// Which generated file each operation goes to. Roslyn's driver costs grow with the square of the number of generated
/// files on every run, even an unchanged one (an IDE keystroke), so operations are not one file each: a service's
/// operations are spread over at most <see cref="Count"/> files by a hash of their name. An edit to one spec still
/// regenerates one small file, and adding an operation changes only the file its name falls into.
/// </summary>
internal static class OperationFiles
{
    /// <summary>The most operation files a service has.</summary>
    public const int Count = 32;

    /// <summary>The file (0 to <see cref="Count"/> - 1) of an operation: FNV-1a over its name, the same in every process.</summary>
    public static int BucketOf(string operationName)
    {
        var hash = 2166136261u;
        foreach (var c in operationName)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % Count);
    }

    /// <summary>The generated file name of a bucket, before it is made unique.</summary>
    public static string HintName(string serviceNamespace, string serviceName, int bucket) =>
        $"{serviceNamespace}.{serviceName}.Operations{bucket:D2}.g.cs";

    /// <summary>
    /// Groups the operations' units into their files: <see cref="Count"/> slots per service (services in name order), a slot
    /// with no operations included, so a file keeps its position when another one appears or goes and the driver finds every
    /// other file unchanged. Each file's operations are ordered by name.
    /// </summary>
    public static ImmutableArray<OperationsFileUnit> Group(IEnumerable<OperationUnit> operations)
    {
        var files = ImmutableArray.CreateBuilder<OperationsFileUnit>();
        var services = operations
            .GroupBy(o => o.Names)
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ServiceName, StringComparer.Ordinal);
        foreach (var service in services)
        {
            var slots = new List<OperationUnit>[Count];
            foreach (var operation in service)
            {
                var bucket = BucketOf(operation.OperationName);
                (slots[bucket] ??= new List<OperationUnit>()).Add(operation);
            }

            foreach (var slot in slots)
            {
                if (slot is null)
                {
                    files.Add(new OperationsFileUnit(string.Empty, string.Empty, service.Key, EquatableArray<OperationUnit>.Empty));
                    continue;
                }

                var ordered = slot.OrderBy(o => o.OperationName, StringComparer.Ordinal).ThenBy(o => o.SourcePath, StringComparer.Ordinal).ToEquatableArray();
                files.Add(new OperationsFileUnit(ordered[0].HintName, ordered[0].SourcePath, service.Key, ordered));
            }
        }

        return files.ToImmutable();
    }
}
