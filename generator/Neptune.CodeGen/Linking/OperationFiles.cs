using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Linking;

/// <summary>
/// Which generated file each operation goes to. Roslyn's driver costs grow with the square of the number of generated
/// files on every run, even an unchanged one (an IDE keystroke), so operations are not one file each: a service's
/// operations are spread by a hash of their name over a few files, about <see cref="OperationsPerFile"/> operations each
/// and never more than <see cref="MaxFiles"/> files. An edit to one spec regenerates one file; adding an operation
/// changes only the file its name falls into, except when the service grows past a power of two times
/// <see cref="OperationsPerFile"/> operations and every operation file is regrouped once.
/// </summary>
internal static class OperationFiles
{
    /// <summary>About how many operations share a file.</summary>
    public const int OperationsPerFile = 32;

    /// <summary>The most operation files a service has.</summary>
    public const int MaxFiles = 64;

    /// <summary>How many operation files a service of <paramref name="operations"/> operations has: a power of two.</summary>
    public static int FileCount(int operations)
    {
        var count = 1;
        while (count < MaxFiles && count * OperationsPerFile < operations)
        {
            count *= 2;
        }

        return count;
    }

    /// <summary>
    /// The file (0 to <paramref name="fileCount"/> - 1) of an operation: FNV-1a over its name, the same in every process
    /// (unlike <c>string.GetHashCode</c>).
    /// </summary>
    public static int FileOf(string operationName, int fileCount)
    {
        var hash = 2166136261u;
        foreach (var c in operationName)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % (uint)fileCount);
    }

    /// <summary>The generated file name of one of a service's operation files, before it is made unique.</summary>
    public static string HintName(string serviceNamespace, string serviceName, int file) =>
        $"{serviceNamespace}.{serviceName}.Operations{file:D2}.g.cs";

    /// <summary>
    /// The generated files of all units, service by service (in name order): the client file, then one slot per operation
    /// file, a slot with no operations included (emitted as nothing), so a file keeps its position when another one empties
    /// or fills and the driver finds every other file unchanged. Each file's operations are ordered by name.
    /// </summary>
    public static ImmutableArray<EmitUnit> Group(IEnumerable<EmitUnit?> units)
    {
        var files = ImmutableArray.CreateBuilder<EmitUnit>();
        var services = units
            .Where(u => u is ServiceUnit or OperationUnit)
            .GroupBy(u => u is ServiceUnit service ? service.Names : ((OperationUnit)u!).Names)
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ServiceName, StringComparer.Ordinal);
        foreach (var service in services)
        {
            files.AddRange(service.OfType<ServiceUnit>());
            var operations = service.OfType<OperationUnit>().ToList();
            if (operations.Count == 0)
            {
                continue;
            }

            var slots = new List<OperationUnit>[operations.Max(o => o.FileCount)];
            foreach (var operation in operations)
            {
                (slots[FileOf(operation.OperationName, slots.Length)] ??= new List<OperationUnit>()).Add(operation);
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
