using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;
using FakeMachine = Neptune.CodeGen.Runtime.Tests.Credentials.FakeMachine;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>
/// The <c>max_attempts</c> and <c>retry_mode</c> keys of the selected profile in the shared config file: code beats the
/// environment, which beats the profile, which beats the defaults. Every file lives in a temporary home directory and every
/// variable in a dictionary: the real <c>~/.aws</c> and process environment are never read.
/// </summary>
public sealed class RetryProfileTests : IDisposable
{
    private readonly FakeMachine _machine = new();
    private readonly TestClock _clock = new(Start, autoAdvance: true);

    public void Dispose() => _machine.Dispose();

    private TestOptions MachineOptions()
    {
        var options = Options(_clock);
        options.AwsEnvironment = _machine.Environment;
        return options;
    }

    private RetrySettings Resolve(Action<RetryOptions>? inCode = null)
    {
        var options = MachineOptions();
        inCode?.Invoke(options.Retry);
        return options.Retry.Resolve(options.AwsEnvironment);
    }

    [Fact]
    public void ProfileValuesAreUsedWhenCodeAndEnvironmentSetNothing()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 5\nretry_mode = adaptive\n");

        var settings = Resolve();

        Assert.Equal(5, settings.MaxAttempts);
        Assert.Equal(RetryMode.Adaptive, settings.Mode);
    }

    [Fact]
    public async Task MaxAttemptsFromTheProfileDrivesThePipeline()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 4 # four, not three\n");
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        using var pipeline = new ServiceClientPipeline(Service(), MachineOptions(), new HttpClient(handler));

        await Assert.ThrowsAnyAsync<Exception>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal("attempt=4; max=4", handler.Requests[^1].Header("amz-sdk-request"));
    }

    [Fact]
    public void ConfigFileVariableIsHonouredAndTheCredentialsFileIsNot()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 5\n");
        _machine.WriteCredentials("[default]\nmax_attempts = 9\nretry_mode = legacy\n");
        Assert.Equal(5, Resolve().MaxAttempts);
        Assert.Equal(RetryMode.Standard, Resolve().Mode);

        _machine.Variables["AWS_CONFIG_FILE"] = _machine.WriteFile(Path.Combine("elsewhere", "config"), "[default]\nmax_attempts = 6\n");
        Assert.Equal(6, Resolve().MaxAttempts);
    }

    [Fact]
    public void EnvironmentBeatsProfile()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 5\nretry_mode = adaptive\n");
        _machine.Variables["AWS_MAX_ATTEMPTS"] = "2";
        _machine.Variables["AWS_RETRY_MODE"] = "legacy";

        var settings = Resolve();

        Assert.Equal(2, settings.MaxAttempts);
        Assert.Equal(RetryMode.Legacy, settings.Mode);
    }

    [Fact]
    public void EnvironmentAndProfileCombineKeyByKey()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 5\nretry_mode = adaptive\n");
        _machine.Variables["AWS_RETRY_MODE"] = "legacy";

        var settings = Resolve();

        Assert.Equal(5, settings.MaxAttempts);
        Assert.Equal(RetryMode.Legacy, settings.Mode);
    }

    [Fact]
    public void CodeBeatsEnvironmentAndProfile()
    {
        _machine.WriteConfig("[default]\nmax_attempts = 5\nretry_mode = adaptive\n");
        _machine.Variables["AWS_MAX_ATTEMPTS"] = "2";
        _machine.Variables["AWS_RETRY_MODE"] = "legacy";

        var settings = Resolve(retry =>
        {
            retry.MaxAttempts = 1;
            retry.Mode = RetryMode.Standard;
        });

        Assert.Equal(1, settings.MaxAttempts);
        Assert.Equal(RetryMode.Standard, settings.Mode);
    }

    [Fact]
    public void ValuesThatAreOverriddenAreNotChecked()
    {
        _machine.WriteConfig("[default]\nmax_attempts = many\nretry_mode = fast\n");
        _machine.Variables["AWS_MAX_ATTEMPTS"] = "2";

        var settings = Resolve(retry => retry.Mode = RetryMode.Legacy);

        Assert.Equal(2, settings.MaxAttempts);
        Assert.Equal(RetryMode.Legacy, settings.Mode);
    }

    [Fact]
    public void AwsProfileSelectsTheProfile()
    {
        _machine.WriteConfig(
            "[default]\nmax_attempts = 5\nretry_mode = adaptive\n" +
            "[profile dev]\nmax_attempts = 7\nretry_mode = legacy\n" +
            "[profile bare]\nregion = us-west-2\n");

        _machine.Variables["AWS_PROFILE"] = "dev";
        var dev = Resolve();
        Assert.Equal(7, dev.MaxAttempts);
        Assert.Equal(RetryMode.Legacy, dev.Mode);

        // A selected profile without the keys (or missing altogether) does not fall back to [default].
        foreach (var profile in new[] { "bare", "absent" })
        {
            _machine.Variables["AWS_PROFILE"] = profile;
            var settings = Resolve();
            Assert.Equal(3, settings.MaxAttempts);
            Assert.Equal(RetryMode.Standard, settings.Mode);
        }
    }

    [Fact]
    public void NoConfigFileMeansTheDefaults()
    {
        var settings = Resolve();

        Assert.Equal(3, settings.MaxAttempts);
        Assert.Equal(RetryMode.Standard, settings.Mode);
    }

    [Theory]
    [InlineData("max_attempts", "0")]
    [InlineData("max_attempts", "-1")]
    [InlineData("max_attempts", "three")]
    [InlineData("max_attempts", "2.5")]
    [InlineData("max_attempts", "99999999999")]
    [InlineData("retry_mode", "fast")]
    public void InvalidProfileValueFailsAtConstructionNamingFileProfileAndKey(string key, string value)
    {
        var path = _machine.WriteConfig(
            "[default]\nmax_attempts = 4\n" +
            $"[profile dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = {FakeMachine.Secret}\n{key} = {value}\n");
        _machine.Variables["AWS_PROFILE"] = "dev";
        using var client = new HttpClient(ScriptedHandler.Responses(() => Ok()));

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceClientPipeline(Service(), MachineOptions(), client));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'dev'", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDPROFILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidProfileValueFailsValidation()
    {
        _machine.WriteConfig("[default]\nretry_mode = quick\n");
        var options = MachineOptions();

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("retry_mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("'default'", error.Message, StringComparison.Ordinal);
        Assert.Contains("standard, adaptive or legacy", error.Message, StringComparison.Ordinal);
    }
}
