using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.EndToEnd.Tests.Support;

/// <summary>The outcome of one <c>dotnet</c> command: exit code and everything it printed.</summary>
public sealed record CliResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>For assertion messages: the command, how it ended, and its whole output.</summary>
    public override string ToString() =>
        $"> {CommandLine}\n(exit code {ExitCode}{(TimedOut ? ", TIMED OUT" : string.Empty)}, {Elapsed.TotalSeconds:0.0} s)\n{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process, one command at a time per test process, with a timeout and the output captured.
/// Children get no build servers (no node reuse, no shared compiler), so nothing is left running after a command, and none of
/// the MSBuild variables that <c>dotnet test</c> sets for this process.
/// </summary>
internal static class DotNetCli
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<CliResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath) ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var commandLine = string.Join(' ', arguments.Select(static a => a.Contains(' ') ? $"\"{a}\"" : a).Prepend("dotnet"));
        await OneAtATime.WaitAsync();
        try
        {
            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            var stopwatch = Stopwatch.StartNew();
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var timedOut = false;
            using (var cancellation = new CancellationTokenSource(timeout))
            {
                try
                {
                    await process.WaitForExitAsync(cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            // The parameterless wait also drains the redirected output.
            process.WaitForExit();
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            return new CliResult(commandLine, process.ExitCode, text, stopwatch.Elapsed, timedOut);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
