using System;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Import.Tests;

/// <summary><c>neptune-codegen import</c>: options, exit codes and messages.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Operations_option_writes_only_those_operations_and_the_service_file()
    {
        using var temp = new TempFolder();

        var run = CliRun.Of("import", RepoPaths.NeptuneModel, "--out", temp.Path, "--operations", "CancelMLModelTrainingJob, GetEngineStatus");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new[] { "CancelMLModelTrainingJob.yaml", "GetEngineStatus.yaml", "service.yaml" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Wrote 3 files (2 operations and service.yaml)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_folder_is_created_and_schema_is_the_first_line_of_every_file()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "a", "b");

        var run = CliRun.Of("import", RepoPaths.NeptuneModel, "--out", output, "--schema", "https://example.com/spec.schema.json");

        Assert.Equal(0, run.ExitCode);
        var files = Directory.GetFiles(output);
        Assert.Equal(44, files.Length);
        Assert.All(files, f => Assert.StartsWith("# yaml-language-server: $schema=https://example.com/spec.schema.json\n", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_schema_there_is_no_schema_comment()
    {
        using var temp = new TempFolder();

        Assert.Equal(0, CliRun.Of("import", RepoPaths.NeptuneModel, "--out", temp.Path, "--operations", "GetEngineStatus").ExitCode);

        Assert.DoesNotContain("yaml-language-server", File.ReadAllText(Path.Combine(temp.Path, "GetEngineStatus.yaml")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "import", "MODEL" }, "--out <dir> is required")]
    [InlineData(new[] { "import", "--out", "x" }, "give the model file")]
    [InlineData(new[] { "import", "MODEL", "--out" }, "--out needs a value")]
    [InlineData(new[] { "import", "MODEL", "--out", "x", "--bogus" }, "unexpected argument '--bogus'")]
    [InlineData(new[] { "export", "MODEL" }, "unknown command 'export'")]
    [InlineData(new[] { "import", "no-such-model.json", "--out", "x" }, "model file 'no-such-model.json' not found")]
    public void Bad_arguments_exit_with_2_and_say_what_is_wrong(string[] args, string message)
    {
        var run = CliRun.Of(args.Select(a => a == "MODEL" ? RepoPaths.NeptuneModel : a).ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_operation_name_exits_with_1_and_lists_the_operations()
    {
        using var temp = new TempFolder();

        var run = CliRun.Of("import", RepoPaths.NeptuneModel, "--out", temp.Path, "--operations", "CancelTrainingJob");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The model has no operation named CancelTrainingJob. Its operations: CancelGremlinQuery,", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_smithy_model_exits_with_1()
    {
        using var temp = new TempFolder();
        var notJson = temp.File("bad.json", "{ not json");
        var notSmithy = temp.File("other.json", "{ \"openapi\": \"3.0.0\" }");

        var first = CliRun.Of("import", notJson, "--out", Path.Combine(temp.Path, "o"));
        var second = CliRun.Of("import", notSmithy, "--out", Path.Combine(temp.Path, "o"));

        Assert.Equal((1, 1), (first.ExitCode, second.ExitCode));
        Assert.Contains("bad.json is not valid JSON", first.Error, StringComparison.Ordinal);
        Assert.Contains("other.json is not a Smithy JSON AST", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_options()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--out", "--operations", "--skip-unsupported", "--schema", "--service", "--namespace" })
        {
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
        }
    }
}
