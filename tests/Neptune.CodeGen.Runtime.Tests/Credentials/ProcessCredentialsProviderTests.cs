using System;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary><c>credential_process</c>: shell scripts written into a temporary folder (skipped on Windows).</summary>
public sealed class ProcessCredentialsProviderTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private static string Json(string body) => "cat <<'EOF'\n" + body + "\nEOF";

    [Fact]
    public async Task ReadsVersion1JsonWithTokenAndExpiration()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var script = _machine.WriteScript("creds.sh", Json($$"""
            {"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "{{FakeMachine.Secret}}",
             "SessionToken": "{{FakeMachine.SessionToken}}", "Expiration": "2024-01-02T04:04:05+00:00"}
            """));

        var credentials = await new ProcessCredentialsProvider(script).GetCredentialsAsync();

        Assert.Equal(("AKIDPROC", FakeMachine.Secret, FakeMachine.SessionToken), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        Assert.Equal(Answers.Expiry, credentials.Expiration);
    }

    [Fact]
    public async Task CommandLineWithArgumentsAndQuotesRunsThroughTheShell()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var credentials = await new ProcessCredentialsProvider(
            "printf '%s' '{\"Version\":1,\"AccessKeyId\":\"AKIDINLINE\",\"SecretAccessKey\":\"s\"}'").GetCredentialsAsync();

        Assert.Equal("AKIDINLINE", credentials.AccessKeyId);
        Assert.Null(credentials.SessionToken);
        Assert.Null(credentials.Expiration);
    }

    [Theory]
    [InlineData("echo '{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRETVALUE\"}'", "must have \"Version\": 1")]
    [InlineData("echo '{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRETVALUE\"}'", "must have \"Version\": 1")]
    [InlineData("echo '{\"Version\":1,\"AccessKeyId\":\"A\"}'", "have no \"SecretAccessKey\" string")]
    [InlineData("echo 'SECRETVALUE is not json'", "are not valid JSON")]
    [InlineData("echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"SECRETVALUE\",\"Expiration\":\"soon\"}'", "Expiration that is not an ISO 8601 time")]
    [InlineData("echo SECRETVALUE >&2; exit 3", "failed with exit code 3")]
    public async Task FailuresNameTheProblemButNeverTheOutput(string command, string expected)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await new ProcessCredentialsProvider(command).GetCredentialsAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowCommandIsStoppedAtTheTimeout()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () =>
            await new ProcessCredentialsProvider("sleep 30", TimeSpan.FromMilliseconds(200)).GetCredentialsAsync());

        Assert.Contains("did not finish within 0.2 s", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ProfileCredentialProcessFailureIsAnErrorNamingTheProfile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var script = _machine.WriteScript("fail.sh", "exit 1");
        _machine.WriteConfig($"[default]\ncredential_process = {script} --secret-arg SECRETARG\n");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () =>
            await new ProfileCredentialsProvider(null, _machine.Environment).GetCredentialsAsync());

        Assert.Contains("credential_process of profile 'default' failed with exit code 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETARG", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileCredentialProcessSuccess()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var script = _machine.WriteScript("ok.sh", Json("""{"Version":1,"AccessKeyId":"AKIDFROMPROFILEPROC","SecretAccessKey":"s"}"""));
        _machine.WriteConfig($"[profile p]\ncredential_process = {script}\n");
        _machine.Variables["AWS_PROFILE"] = "p";

        Assert.Equal("AKIDFROMPROFILEPROC", (await new ProfileCredentialsProvider(null, _machine.Environment).GetCredentialsAsync()).AccessKeyId);
    }
}
