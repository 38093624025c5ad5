using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The built <c>neptune-emulator</c> tool, started as a process, called over HTTP and stopped with a signal.</summary>
public sealed partial class ToolProcessTests
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_tool_prints_endpoint_and_credentials_logs_requests_and_stops_on_SIGTERM()
    {
        using var tool = ToolProcess.Start("--port", "0", "--region", "eu-west-1");

        var endpoint = new Uri(Endpoint().Match(await tool.WaitForLineAsync(static l => l.Contains("listening on", StringComparison.Ordinal))).Value);
        var accessKey = (await tool.WaitForLineAsync(static l => l.Contains("AWS_ACCESS_KEY_ID=", StringComparison.Ordinal))).Split('=', 2)[1];
        var secretKey = (await tool.WaitForLineAsync(static l => l.Contains("AWS_SECRET_ACCESS_KEY=", StringComparison.Ordinal))).Split('=', 2)[1];
        Assert.Matches("^AKIA[A-Z2-7]{16}$", accessKey);
        Assert.Equal(40, secretKey.Length);
        Assert.Contains(tool.Lines, static l => l.Contains("test-only", StringComparison.Ordinal));
        Assert.Contains(tool.Lines, static l => l.Contains("eu-west-1", StringComparison.Ordinal));

        using var http = new HttpClient(new SigV4SigningHandler(new SigV4Signer("neptune-db", "eu-west-1"), new AwsCredentials(accessKey, secretKey))
        {
            InnerHandler = new SocketsHttpHandler(),
        }) { BaseAddress = endpoint };
        using (var status = await http.GetAsync("status"))
        {
            Assert.True(status.IsSuccessStatusCode);
        }

        using (var missing = await http.GetAsync("ml/modeltraining/nope"))
        {
            Assert.Equal(404, (int)missing.StatusCode);
        }

        await tool.WaitForLineAsync(static l => Regex.IsMatch(l, @"GET /status -> 200 \(\d+ ms\)"));
        await tool.WaitForLineAsync(static l => l.Contains("GET /ml/modeltraining/nope -> 404 MLResourceNotFoundException", StringComparison.Ordinal));

        var exitCode = await tool.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("Stopped.", tool.Lines.Last());
    }

    [Fact]
    public async Task Given_credentials_are_the_only_ones_accepted()
    {
        using var tool = ToolProcess.Start("--port", "0", "--access-key", "AKIDTOOLTEST", "--secret-key", "tool-secret");
        var endpoint = new Uri(Endpoint().Match(await tool.WaitForLineAsync(static l => l.Contains("listening on", StringComparison.Ordinal))).Value);

        using var wrong = new HttpClient(new SigV4SigningHandler(new SigV4Signer("neptune-db", "us-east-1"), new AwsCredentials("AKIDTOOLTEST", "other"))
        {
            InnerHandler = new SocketsHttpHandler(),
        }) { BaseAddress = endpoint };
        using var right = new HttpClient(new SigV4SigningHandler(new SigV4Signer("neptune-db", "us-east-1"), new AwsCredentials("AKIDTOOLTEST", "tool-secret"))
        {
            InnerHandler = new SocketsHttpHandler(),
        }) { BaseAddress = endpoint };

        using var denied = await wrong.GetAsync("status");
        using var allowed = await right.GetAsync("status");

        Assert.Equal(403, (int)denied.StatusCode);
        Assert.Equal(200, (int)allowed.StatusCode);
        Assert.Equal(0, await tool.StopAsync());
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--access-key", "AKID")]
    [InlineData("--colour", "blue")]
    public async Task Bad_arguments_exit_with_2_and_say_why(string name, string value)
    {
        using var tool = ToolProcess.Start(name, value);

        var exitCode = await tool.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains(tool.Lines, static l => l.StartsWith("neptune-emulator: ", StringComparison.Ordinal));
        Assert.Contains(tool.Lines, static l => l.StartsWith("Usage: neptune-emulator", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Endpoint();

    /// <summary>The tool's built assembly (copied beside the tests by the project reference), run with <c>dotnet</c>.</summary>
    private sealed class ToolProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _lineArrived = new(0);

        private ToolProcess(Process process) => _process = process;

        public string[] Lines => _lines.ToArray();

        public static ToolProcess Start(params string[] args)
        {
            var assembly = Path.Combine(AppContext.BaseDirectory, "Neptune.Emulator.Tool.dll");
            Assert.True(File.Exists(assembly), $"The tool was not built beside the tests: {assembly}");
            var start = new ProcessStartInfo(Environment.ProcessPath?.EndsWith("dotnet", StringComparison.OrdinalIgnoreCase) == true
                || Environment.ProcessPath?.EndsWith("dotnet.exe", StringComparison.OrdinalIgnoreCase) == true ? Environment.ProcessPath : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(assembly);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var tool = new ToolProcess(new Process { StartInfo = start });
            tool._process.OutputDataReceived += (_, e) => tool.Add(e.Data);
            tool._process.ErrorDataReceived += (_, e) => tool.Add(e.Data);
            tool._process.Start();
            tool._process.BeginOutputReadLine();
            tool._process.BeginErrorReadLine();
            return tool;
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            using var timeout = new CancellationTokenSource(Ceiling);
            while (true)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                if (_process.HasExited && _lines.FirstOrDefault(match) is null)
                {
                    Assert.Fail($"The tool exited ({_process.ExitCode}) without printing the expected line:\n{string.Join('\n', Lines)}");
                }

                try
                {
                    await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"The tool did not print the expected line:\n{string.Join('\n', Lines)}");
                }
            }
        }

        /// <summary>Sends SIGTERM (what a service manager sends; Ctrl+C's SIGINT takes the same path) and waits for the exit.</summary>
        public async Task<int> StopAsync()
        {
            if (OperatingSystem.IsWindows())
            {
                _process.Kill();
            }
            else
            {
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            return await WaitForExitAsync();
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(Ceiling);
            await _process.WaitForExitAsync(timeout.Token);
            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            _lineArrived.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
                _lineArrived.Release();
            }
        }
    }
}
