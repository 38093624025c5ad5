using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>Retry and timeout settings: defaults, environment variables, code over environment, clear errors.</summary>
public sealed class RetryOptionsTests
{
    private readonly TestClock _clock = new(Start, autoAdvance: true);

    private TestOptions WithEnvironment(params (string Name, string? Value)[] variables)
    {
        var options = Options(_clock);
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        options.AwsEnvironment = new AwsEnvironment(name => values.GetValueOrDefault(name));
        return options;
    }

    [Fact]
    public void DefaultsAreTheStandardMode()
    {
        var options = new TestOptions();
        Assert.NotNull(options.Retry);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(100), options.OperationTimeout);
        Assert.Null(options.LoggerFactory);
        Assert.Same(AwsEnvironment.System, options.AwsEnvironment);

        var defaults = WithEnvironment();
        var settings = defaults.Retry.Resolve(defaults.AwsEnvironment);

        Assert.Equal(3, settings.MaxAttempts);
        Assert.Equal(RetryMode.Standard, settings.Mode);
        Assert.False(settings.Use2026Behavior);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.MaxBackoff);
        Assert.Null(settings.BaseDelay);
    }

    [Fact]
    public void EnvironmentIsReadWhenCodeSetsNothing()
    {
        var options = WithEnvironment(("AWS_MAX_ATTEMPTS", " 7 "), ("AWS_RETRY_MODE", "ADAPTIVE"), ("AWS_NEW_RETRIES_2026", "True"));
        var settings = options.Retry.Resolve(options.AwsEnvironment);

        Assert.Equal(7, settings.MaxAttempts);
        Assert.Equal(RetryMode.Adaptive, settings.Mode);
        Assert.True(settings.Use2026Behavior);
    }

    [Theory]
    [InlineData("standard", RetryMode.Standard)]
    [InlineData("legacy", RetryMode.Legacy)]
    [InlineData("adaptive", RetryMode.Adaptive)]
    public void EveryModeNameIsAccepted(string value, RetryMode mode)
    {
        var options = WithEnvironment(("AWS_RETRY_MODE", value));
        Assert.Equal(mode, options.Retry.Resolve(options.AwsEnvironment).Mode);
    }

    [Fact]
    public void CodeWinsOverEnvironment()
    {
        var options = WithEnvironment(("AWS_MAX_ATTEMPTS", "7"), ("AWS_RETRY_MODE", "legacy"), ("AWS_NEW_RETRIES_2026", "true"));
        options.Retry.MaxAttempts = 2;
        options.Retry.Mode = RetryMode.Standard;
        options.Retry.Use2026Behavior = false;

        var settings = options.Retry.Resolve(options.AwsEnvironment);

        Assert.Equal(2, settings.MaxAttempts);
        Assert.Equal(RetryMode.Standard, settings.Mode);
        Assert.False(settings.Use2026Behavior);
    }

    [Fact]
    public void BlankVariablesAreIgnored()
    {
        var options = WithEnvironment(("AWS_MAX_ATTEMPTS", "  "), ("AWS_RETRY_MODE", ""), ("AWS_NEW_RETRIES_2026", " "));
        var settings = options.Retry.Resolve(options.AwsEnvironment);

        Assert.Equal(3, settings.MaxAttempts);
        Assert.Equal(RetryMode.Standard, settings.Mode);
    }

    [Fact]
    public async Task MaxAttemptsFromTheEnvironmentDrivesThePipeline()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        using var pipeline = new ServiceClientPipeline(Service(), WithEnvironment(("AWS_MAX_ATTEMPTS", "4")), new HttpClient(handler));

        await Assert.ThrowsAnyAsync<Exception>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal("attempt=4; max=4", handler.Requests[^1].Header("amz-sdk-request"));
    }

    [Fact]
    public async Task MaxAttemptsOneFromTheEnvironmentTurnsRetriesOff()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null));
        using var pipeline = new ServiceClientPipeline(Service(), WithEnvironment(("AWS_MAX_ATTEMPTS", "1")), new HttpClient(handler));

        await Assert.ThrowsAnyAsync<Exception>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("AWS_MAX_ATTEMPTS", "0")]
    [InlineData("AWS_MAX_ATTEMPTS", "-1")]
    [InlineData("AWS_MAX_ATTEMPTS", "three")]
    [InlineData("AWS_MAX_ATTEMPTS", "2.5")]
    [InlineData("AWS_MAX_ATTEMPTS", "99999999999")]
    [InlineData("AWS_RETRY_MODE", "fast")]
    [InlineData("AWS_NEW_RETRIES_2026", "yes")]
    public void InvalidEnvironmentFailsAtConstructionNamingTheVariable(string name, string value)
    {
        using var client = new HttpClient(ScriptedHandler.Responses(() => Ok()));

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceClientPipeline(Service(), WithEnvironment((name, value)), client));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCodeSettingsFailAtConstructionNamingTheSetting()
    {
        using var client = new HttpClient(ScriptedHandler.Responses(() => Ok()));
        void Fails(Action<TestOptions> change, string parameter)
        {
            var options = WithEnvironment();
            change(options);
            var error = Assert.ThrowsAny<ArgumentException>(() => new ServiceClientPipeline(Service(), options, client));
            Assert.Equal(parameter, error.ParamName);
        }

        Fails(o => o.Retry.MaxAttempts = 0, "MaxAttempts");
        Fails(o => o.Retry.Mode = (RetryMode)42, "Mode");
        Fails(o => o.Retry.MaxBackoff = TimeSpan.Zero, "MaxBackoff");
        Fails(o => o.Retry.BaseDelay = TimeSpan.FromSeconds(-1), "BaseDelay");
        Fails(o => o.Retry = null!, "Retry");
        Fails(o => o.AttemptTimeout = TimeSpan.Zero, "AttemptTimeout");
        Fails(o => o.AttemptTimeout = TimeSpan.FromSeconds(-5), "AttemptTimeout");
        Fails(o => o.OperationTimeout = TimeSpan.FromMilliseconds(-2), "OperationTimeout");
        Fails(o => o.OperationTimeout = TimeSpan.MaxValue, "OperationTimeout");
        Fails(o => o.Retry.MaxBackoff = TimeSpan.FromDays(2), "MaxBackoff");
    }
}
