using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Neptune.CodeGen.EndToEnd.Tests.NativeAot;

/// <summary>
/// Publishes samples/QuickStart with NativeAOT (generated client, runtime, dependency injection and the in-process emulator),
/// requires a build with no trim or AOT warning (IL2xxx, IL3xxx), then runs the native binary against its emulator.
/// Slow (about a minute and a half on two cores once packages are cached) and needs a native toolchain (clang and zlib's
/// development files). Without them the test reports Skipped with the reason and the install command, unless
/// <c>NEPTUNE_REQUIRE_NATIVE_TOOLCHAIN=1</c> (set by .ci/run) makes a missing toolchain a failure. With the toolchain
/// present, a failed publish fails the test.
/// </summary>
[Trait("Category", "Aot")]
public sealed partial class NativeAotPublishTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public async Task QuickStart_PublishesWithNoTrimOrAotWarning_AndTheNativeBinaryRuns()
    {
        var missing = NativeToolchain.Missing();
        if (missing is not null)
        {
            Assert.False(NativeToolchain.Required, $"{missing} {NativeToolchain.RequiredVariable}=1 requires it. {NativeToolchain.InstallHint}");
            Skip.If(true, $"{missing} {NativeToolchain.InstallHint}");
        }

        var outputDirectory = Path.Combine(Path.GetTempPath(), $"neptune-codegen-aot-{Guid.NewGuid():N}");
        try
        {
            var publish = await DotNetCli.RunAsync(RepositoryPaths.Root,
            [
                "publish", Path.Combine("samples", "QuickStart", "QuickStart.csproj"),
                "-c", "Release", "-r", RuntimeIdentifier(), "-p:QuickStartNativeAot=true", "-o", outputDirectory,
            ], PublishTimeout);
            output.WriteLine($"publish: {publish.Elapsed.TotalSeconds:0.0} s, exit code {publish.ExitCode}");
            Assert.True(publish.Succeeded, $"The NativeAOT publish failed:\n{publish}");

            var warnings = TrimOrAotWarning().Matches(publish.Output).Select(static m => m.Value).Distinct().ToArray();
            Assert.True(warnings.Length == 0, $"The NativeAOT publish reported {string.Join(", ", warnings)}:\n{publish}");
            Assert.Contains("Generating native code", publish.Output, StringComparison.Ordinal);

            var binary = Path.Combine(outputDirectory, OperatingSystem.IsWindows() ? "QuickStart.exe" : "QuickStart");
            Assert.True(File.Exists(binary), $"No native binary at {binary}:\n{publish}");
            Assert.False(File.Exists(Path.Combine(outputDirectory, "QuickStart.dll")), "The publish produced an IL assembly, not a native binary.");

            var run = await RunAsync(binary);
            output.WriteLine($"native run: {run.Elapsed.TotalMilliseconds:0} ms, exit code {run.ExitCode}");
            output.WriteLine(run.Output);
            Assert.True(run.Succeeded, $"The native QuickStart failed:\n{run}");
            Assert.Contains("Cancelled job-1: Status = Stopping", run.Output, StringComparison.Ordinal);
            Assert.Contains("Cancelling an unknown job threw MLResourceNotFoundException:", run.Output, StringComparison.Ordinal);
            Assert.Contains("StatusCode      = 404 (NotFound)", run.Output, StringComparison.Ordinal);
            Assert.Contains("Load status: LOAD_COMPLETED", run.Output, StringComparison.Ordinal);
            Assert.Contains("Result: 42 people", run.Output, StringComparison.Ordinal);
            Assert.Contains("Transformed model: quickstart-transform-model", run.Output, StringComparison.Ordinal);
            Assert.Contains("Cancelled job-2 through dependency injection (AddNeptuneDataClient): Status = Stopping", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("FAILED", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(outputDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>This machine's runtime identifier: the native binary must run here.</summary>
    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => throw new PlatformNotSupportedException($"NativeAOT publishing is not set up for {other}."),
        };
        return $"{os}-{architecture}";
    }

    private static async Task<CliResult> RunAsync(string binary)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(binary)!,
        };
        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        using (var timeout = new CancellationTokenSource(RunTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return new CliResult(binary, process.ExitCode, await stdout + await stderr, stopwatch.Elapsed, timedOut);
    }

    /// <summary>A trim (IL2xxx) or AOT (IL3xxx) analysis warning or error code, as MSBuild prints it.</summary>
    [GeneratedRegex(@"\bIL[23]\d{3}\b")]
    private static partial Regex TrimOrAotWarning();
}
