using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Runs an external command (the <c>credential_process</c> setting of a profile) and reads credentials from its standard
/// output: <c>{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}</c>, the last
/// two optional. The command runs through <c>/bin/sh -c</c> (<c>cmd.exe /C</c> on Windows) on every call; wrap the provider
/// in a <see cref="CachingCredentialsProvider"/> when the credentials expire. Error messages never include the command line
/// or the output, which may hold secrets.
/// </summary>
public sealed class ProcessCredentialsProvider : IAwsCredentialsProvider
{
    private readonly string _command;
    private readonly string _description;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the provider.</summary>
    /// <param name="command">The command line, as written in the profile.</param>
    /// <param name="timeout">How long the command may run; 30 seconds when null.</param>
    public ProcessCredentialsProvider(string command, TimeSpan? timeout = null) : this(command, "credential_process", timeout)
    {
    }

    internal ProcessCredentialsProvider(string command, string description, TimeSpan? timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        _command = command;
        _description = description;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">The command could not be started, failed, timed out or printed invalid credentials.</exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var startInfo = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/C", _command } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", _command } };
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = false;
        startInfo.UseShellExecute = false;
        startInfo.CreateNoWindow = true;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new AwsCredentialsException($"The {_description} could not be started: {exception.Message}", exception);
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            await Task.WhenAll(output, errors).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AwsCredentialsException($"The {_description} did not finish within {_timeout.TotalSeconds:0.###} s and was stopped.");
        }

        if (process.ExitCode != 0)
        {
            throw new AwsCredentialsException($"The {_description} failed with exit code {process.ExitCode} (see its standard error).");
        }

        return CredentialsJson.Parse(await output.ConfigureAwait(false), "the " + _description, "SessionToken", requireVersion1: true);
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
