using System;
using System.IO;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>The README's first command, <c>dotnet run --project samples/QuickStart</c>, as a user runs it.</summary>
public sealed class SampleRunTests
{
    private static readonly TimeSpan BuildAndRunTimeout = TimeSpan.FromMinutes(8);
    private static readonly string Project = Path.Combine("samples", "QuickStart", "QuickStart.csproj");

    [Fact]
    public async Task QuickStart_WalksThroughTheApiAgainstTheEmulator_WithoutPrintingASecret_AndRejectsBadArguments()
    {
        var run = await DotNetCli.RunAsync(RepositoryPaths.Root, ["run", "--project", Project], BuildAndRunTimeout);

        Assert.True(run.Succeeded, $"The sample failed:\n{run}");
        var output = run.Output;
        string[] expectedInOrder =
        [
            "Cancelled job-1: Status = Stopping",
            "Cancelling an unknown job threw MLResourceNotFoundException:",
            "  ErrorCode       = MLResourceNotFoundException",
            "  StatusCode      = 404 (NotFound)",
            "  Load status: LOAD_IN_PROGRESS",
            "  Load status: LOAD_COMPLETED",
            "  Records loaded: 1000",
            "  Result: 42 people (status 200",
            "  Data processing status: Completed",
            "  Model training status: Completed",
            "  Trained model: quickstart-training-model",
            "  Model transform status: Completed",
            "  Transformed model: quickstart-transform-model",
            "Cancelled job-2 through dependency injection (AddNeptuneDataClient): Status = Stopping",
        ];
        var position = 0;
        foreach (var expected in expectedInOrder)
        {
            var found = output.IndexOf(expected, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{expected}' is missing from the sample's output (or out of order):\n{output}");
            position = found + expected.Length;
        }

        Assert.Contains("Signature=<elided>", output);
        Assert.Contains("X-Amz-Security-Token: ***", output);
        Assert.DoesNotContain(NeptuneEmulatorOptions.ExampleSecretAccessKey, output);
        Assert.DoesNotContain("quickstart-session-token", output);
        Assert.DoesNotContain("FAILED", output);

        var badArguments = await DotNetCli.RunAsync(RepositoryPaths.Root, ["run", "--no-build", "--project", Project, "--", "--job-id", "job-9"], BuildAndRunTimeout);

        Assert.Equal(2, badArguments.ExitCode);
        Assert.Contains("--job-id needs --endpoint and --region", badArguments.Output);
        Assert.Contains("Usage:", badArguments.Output);
    }
}
