using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>The committed specs are exactly what the importer makes of the committed model: the two cannot drift apart.</summary>
public sealed class DriftTests
{
    /// <summary>The command that wrote specs/neptunedata (also in specs/neptunedata/smithy/README.md and docs/importer.md).</summary>
    private const string ReimportCommand =
        "dotnet run --project tools/Neptune.CodeGen.Import -- import specs/neptunedata/smithy/neptunedata-2023-08-01.json " +
        "--out specs/neptunedata --namespace Neptune.Data --schema ../../docs/spec.schema.json";

    [Fact]
    public void The_committed_neptune_specs_match_a_fresh_import_of_the_committed_model()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("import", RepoPaths.NeptuneModel, "--out", temp.Path, "--namespace", "Neptune.Data", "--schema", "../../docs/spec.schema.json");
        Assert.True(run.ExitCode == 0, run.Error);

        var expected = YamlFiles(temp.Path);
        var committed = YamlFiles(RepoPaths.NeptuneSpecs);
        var problems = new List<string>();
        foreach (var name in expected.Keys.Union(committed.Keys).Order(StringComparer.Ordinal))
        {
            if (!committed.TryGetValue(name, out var actual))
            {
                problems.Add($"  {name}: missing from specs/neptunedata");
            }
            else if (!expected.TryGetValue(name, out var fresh))
            {
                problems.Add($"  {name}: in specs/neptunedata but not produced by the importer");
            }
            else if (actual != fresh)
            {
                problems.Add($"  {name}: differs (first at line {FirstDifferentLine(fresh, actual)})");
            }
        }

        Assert.True(problems.Count == 0,
            $"specs/neptunedata does not match the Smithy model:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}{Environment.NewLine}" +
            $"Re-import from the repository root (do not edit the specs by hand):{Environment.NewLine}  {ReimportCommand}{Environment.NewLine}" +
            "then review the diff and update the generator snapshots (NEPTUNE_UPDATE_SNAPSHOTS=1 dotnet test tests/Neptune.CodeGen.Tests).");
    }

    [Fact]
    public void The_committed_specs_cover_all_43_operations()
    {
        var operations = YamlFiles(RepoPaths.NeptuneSpecs).Keys.Where(name => name != "service.yaml").ToList();

        Assert.Equal(43, operations.Count);
    }

    private static Dictionary<string, string> YamlFiles(string folder) =>
        Directory.GetFiles(folder, "*.yaml").ToDictionary(path => Path.GetFileName(path), path => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), StringComparer.Ordinal);

    private static int FirstDifferentLine(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i + 1;
    }
}
