using System;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>
/// A small made-up model (Golden/model.json) that uses every mapped trait, imported and compared file by file with the
/// reviewed specs in Golden/expected. After an intended change to the output, rewrite them from the repository root with
/// <c>dotnet run --project tools/Neptune.CodeGen.Import -- import tests/Neptune.CodeGen.Import.Tests/Golden/model.json
/// --out tests/Neptune.CodeGen.Import.Tests/Golden/expected --namespace Example.Gadgets --schema ../../../../docs/spec.schema.json</c>
/// and review the diff.
/// </summary>
public sealed class GoldenTests
{
    [Fact]
    public void The_golden_model_imports_to_the_expected_specs()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("import", Path.Combine(RepoPaths.Golden, "model.json"), "--out", temp.Path,
            "--namespace", "Example.Gadgets", "--schema", "../../../../docs/spec.schema.json");
        Assert.True(run.ExitCode == 0, run.Error);

        var expectedFolder = Path.Combine(RepoPaths.Golden, "expected");
        var expected = Directory.GetFiles(expectedFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var name in expected)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(expectedFolder, name!)).Replace("\r\n", "\n", StringComparison.Ordinal), File.ReadAllText(Path.Combine(temp.Path, name!)));
        }
    }
}
