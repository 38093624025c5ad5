using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.DependencyInjection;

/// <summary>
/// <c>services.AddNeptuneDataClient(...)</c>: the generated client resolved from a service provider (IHttpClientFactory typed
/// client, options pattern, named options, validation, configuration) and calling the emulator over loopback.
/// </summary>
public sealed class AddNeptuneDataClientTests : IAsyncLifetime
{
    private EmulatorSession _session = null!;

    private NeptuneEmulator Emulator => _session.Emulator;

    public async Task InitializeAsync()
    {
        _session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "di-session-token" });
        Emulator.AddTrainingJob("job-1");
    }

    public async Task DisposeAsync() => await _session.DisposeAsync();

    private AwsCredentials Credentials => _session.Credentials;

    private void PointAtEmulator(NeptuneDataClientOptions options)
    {
        options.Endpoint = Emulator.Endpoint;
        options.Region = Emulator.Options.Region;
        options.Credentials = Credentials;
    }

    [Fact]
    public async Task InterfaceAndClass_AreResolved_AndTheCallIsSignedOnce()
    {
        var services = new ServiceCollection();
        var builder = services.AddNeptuneDataClient(PointAtEmulator);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<INeptuneDataClient>();
        var concrete = provider.GetRequiredService<NeptuneDataClient>();
        var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });

        Assert.IsType<NeptuneDataClient>(client);
        Assert.NotSame(client, concrete);   // transient, as typed clients are
        Assert.Equal("Neptune.Data.NeptuneDataClient", builder.Name);
        Assert.Equal("Stopping", response.Status);
        var request = Assert.Single(Emulator.ReceivedRequests);
        SigV4Header.AssertAccepted(request);
        Assert.Single(request.Headers["Authorization"]);
        Assert.Single(request.Headers["X-Amz-Date"]);
        Assert.Equal("di-session-token", request.GetHeader("X-Amz-Security-Token"));
        Assert.Equal("attempt=1; max=3", request.GetHeader("amz-sdk-request"));
    }

    [Fact]
    public async Task OptionsPattern_LaterConfigureCallsApply_AndIOptionsShowsTheSettings()
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(options => options.Endpoint = Emulator.Endpoint);
        services.Configure<NeptuneDataClientOptions>(options =>
        {
            options.Region = Emulator.Options.Region;
            options.Credentials = Credentials;
            options.Retry.MaxAttempts = 1;
        });
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<NeptuneDataClientOptions>>().Value;
        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal(Emulator.Endpoint, options.Endpoint);
        Assert.Equal("attempt=1; max=1", Assert.Single(Emulator.ReceivedRequests).GetHeader("amz-sdk-request"));
    }

    [Fact]
    public async Task NamedOptions_GiveKeyedClients_EachWithItsOwnSettings()
    {
        await using var second = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { Region = "eu-west-1" });
        second.AddTrainingJob("job-1");
        var services = new ServiceCollection();
        var primaryBuilder = services.AddNeptuneDataClient("primary", PointAtEmulator);
        var secondaryBuilder = services.AddNeptuneDataClient("secondary", options =>
        {
            options.Endpoint = second.Endpoint;
            options.Region = "eu-west-1";
            options.Credentials = new AwsCredentials(second.Options.AccessKeyId, second.Options.SecretAccessKey);
        });
        await using var provider = services.BuildServiceProvider();

        var primary = provider.GetRequiredKeyedService<INeptuneDataClient>("primary");
        var secondary = provider.GetRequiredKeyedService<NeptuneDataClient>("secondary");
        await primary.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });
        await secondary.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal("Neptune.Data.NeptuneDataClient:primary", primaryBuilder.Name);
        Assert.Equal("Neptune.Data.NeptuneDataClient:secondary", secondaryBuilder.Name);
        Assert.Equal(second.Endpoint, provider.GetRequiredService<IOptionsMonitor<NeptuneDataClientOptions>>().Get("secondary").Endpoint);
        Assert.Null(provider.GetService<INeptuneDataClient>());   // named registrations are keyed only
        var first = Assert.Single(Emulator.ReceivedRequests);
        SigV4Header.AssertAccepted(first);
        Assert.Contains("/us-east-1/neptune-db/", SigV4Header.Credential(first), StringComparison.Ordinal);
        var other = Assert.Single(second.ReceivedRequests);
        SigV4Header.AssertAccepted(other);
        Assert.Contains("/eu-west-1/neptune-db/", SigV4Header.Credential(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_FailAtFirstResolve_WithAMessageNamingTheOptionsAndTheProblem()
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(options => options.Region = "us-east-1");
        services.AddNeptuneDataClient("analytics", options =>
        {
            options.Endpoint = new Uri("ftp://example.com/");
            options.Region = "us-east-1";
        });
        await using var provider = services.BuildServiceProvider();   // nothing is validated yet

        var unnamed = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<INeptuneDataClient>());
        var named = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<INeptuneDataClient>("analytics"));

        Assert.StartsWith("NeptuneDataClientOptions is invalid: Endpoint is required", unnamed.Message, StringComparison.Ordinal);
        Assert.StartsWith("NeptuneDataClientOptions 'analytics' is invalid: Endpoint must be an absolute http or https URL; got 'ftp://example.com/'",
            named.Message, StringComparison.Ordinal);
        Assert.Empty(Emulator.ReceivedRequests);
    }

    [Fact]
    public void InvalidOptions_CanFailAtStartup_WithValidateOnStart()
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(PointAtEmulator);
        services.Configure<NeptuneDataClientOptions>(options => options.AttemptTimeout = TimeSpan.FromSeconds(-1));
        services.AddOptions<NeptuneDataClientOptions>().ValidateOnStart();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("NeptuneDataClientOptions is invalid: AttemptTimeout must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurationSection_SetsEndpointRegionAndRetries()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:Endpoint"] = Emulator.Endpoint.ToString(),
            ["Neptune:Region"] = Emulator.Options.Region,
            ["Neptune:AttemptTimeout"] = "00:00:20",
            ["Neptune:OperationTimeout"] = "Infinite",
            ["Neptune:Retry:MaxAttempts"] = "2",
            ["Neptune:Retry:Mode"] = "standard",
            ["Neptune:MaxResponseBufferSize"] = "1048576",
        }).Build();
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(configuration.GetSection("Neptune"));
        services.Configure<NeptuneDataClientOptions>(options => options.Credentials = Credentials);   // never from configuration
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        var options = provider.GetRequiredService<IOptions<NeptuneDataClientOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(20), options.AttemptTimeout);
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, options.OperationTimeout);
        Assert.Equal(1048576, options.MaxResponseBufferSize);
        Assert.Equal("attempt=1; max=2", Assert.Single(Emulator.ReceivedRequests).GetHeader("amz-sdk-request"));
    }

    [Theory]
    [InlineData("Neptune:Endpont", "https://x:8182", "The configuration key 'Neptune:Endpont' is not a setting of NeptuneDataClientOptions; the settings are Endpoint, Region")]
    [InlineData("Neptune:Credentials:AccessKeyId", "AKID", "Credentials are never read from configuration")]
    [InlineData("Neptune:Retry:MaxAttempts", "three", "The configuration value 'Neptune:Retry:MaxAttempts' is 'three': expected a whole number")]
    [InlineData("Neptune:AttemptTimeout", "soon", "The configuration value 'Neptune:AttemptTimeout' is 'soon': expected a time span")]
    [InlineData("Neptune:MaxResponseBufferSize", "64MB", "The configuration value 'Neptune:MaxResponseBufferSize' is '64MB': expected a positive number of bytes")]
    public async Task ConfigurationMistakes_AreClearErrors(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:Endpoint"] = Emulator.Endpoint.ToString(),
            ["Neptune:Region"] = "us-east-1",
            [key] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddNeptuneDataClient("fromConfig", configuration.GetSection("Neptune"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<INeptuneDataClient>("fromConfig"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigurationReload_IsPickedUpByTheNextClient()
    {
        await using var second = await NeptuneEmulator.StartAsync();
        second.AddTrainingJob("job-1");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:Endpoint"] = Emulator.Endpoint.ToString(),
            ["Neptune:Region"] = "us-east-1",
        }).Build();
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(configuration.GetSection("Neptune"));
        // Runs after the section is read: the first emulator wants its session token, the second one refuses any token.
        services.Configure<NeptuneDataClientOptions>(options => options.Credentials = options.Endpoint == Emulator.Endpoint
            ? Credentials
            : new AwsCredentials(second.Options.AccessKeyId, second.Options.SecretAccessKey));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        configuration["Neptune:Endpoint"] = second.Endpoint.ToString();
        configuration.Reload();
        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        SigV4Header.AssertAccepted(Assert.Single(Emulator.ReceivedRequests));
        SigV4Header.AssertAccepted(Assert.Single(second.ReceivedRequests));
    }

    [Fact]
    public async Task LoggerFactory_ComesFromTheServiceProvider_WhenTheOptionsSetNone()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddNeptuneDataClient(PointAtEmulator);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        var attempt = Assert.Single(logs.Entries, e => e.Category == "Neptune.CodeGen");
        Assert.Equal(LogLevel.Debug, attempt.Level);
        Assert.Contains("Sending NeptuneData.CancelMLModelTrainingJob, attempt 1 of 3: DELETE /ml/modeltraining/job-1", attempt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Emulator.Options.SecretAccessKey, StringComparison.Ordinal)
            || e.Message.Contains("di-session-token", StringComparison.Ordinal) || e.Message.Contains("Signature=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnApplicationPrimaryHandler_IsStillWrappedBySigning_AndLosesAutomaticRedirects()
    {
        var primary = new SocketsHttpHandler { AllowAutoRedirect = true };
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(PointAtEmulator).ConfigurePrimaryHttpMessageHandler(() => primary);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        SigV4Header.AssertAccepted(Assert.Single(Emulator.ReceivedRequests));
        Assert.False(primary.AllowAutoRedirect);
    }

    [Fact]
    public void TheClientsHttpClient_HasNoTimeoutOfItsOwn_SoTheOptionsTimeoutsApply()
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(PointAtEmulator);
        using var provider = services.BuildServiceProvider();

        var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient("Neptune.Data.NeptuneDataClient");

        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, httpClient.Timeout);
    }

    [Fact]
    public async Task ATestDoubleRegisteredFirst_IsKept()
    {
        var fake = new FakeNeptuneDataClient();
        var services = new ServiceCollection();
        services.AddSingleton<INeptuneDataClient>(fake);
        services.AddNeptuneDataClient(PointAtEmulator);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<INeptuneDataClient>());
        Assert.IsType<NeptuneDataClient>(provider.GetRequiredService<NeptuneDataClient>());
    }

    private sealed class FakeNeptuneDataClient : NeptuneDataClient
    {
        public override Task<CancelMLModelTrainingJobResponse> CancelMLModelTrainingJobAsync(CancelMLModelTrainingJobRequest request, System.Threading.CancellationToken cancellationToken = default) =>
            Task.FromResult(new CancelMLModelTrainingJobResponse { Status = "Stopping" });
    }
}
