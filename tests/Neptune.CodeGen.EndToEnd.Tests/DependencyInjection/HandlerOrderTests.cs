using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.DependencyInjection;

/// <summary>
/// Handlers the application adds to the builder <c>AddNeptuneDataClient</c> returns run outside the signing, which is the
/// innermost step: a handler that resends the same <see cref="System.Net.Http.HttpRequestMessage"/> (a hand-written one, or
/// Microsoft.Extensions.Http.Resilience's standard handler) sends a fresh, valid signature each time, and the pipeline's
/// clock-skew correction still reaches the signature.
/// </summary>
public sealed class HandlerOrderTests : IAsyncLifetime
{
    private EmulatorSession _session = null!;

    private NeptuneEmulator Emulator => _session.Emulator;

    public async Task InitializeAsync()
    {
        _session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "order-session-token" });
        Emulator.AddTrainingJob("job-1");
    }

    public async Task DisposeAsync() => await _session.DisposeAsync();

    /// <summary>The client's own retries off, so only the application's handler resends; a clock that moves a second per read.</summary>
    private void Configure(NeptuneDataClientOptions options)
    {
        options.Endpoint = Emulator.Endpoint;
        options.Region = Emulator.Options.Region;
        options.Credentials = _session.Credentials;
        options.Retry.MaxAttempts = 1;
        options.TimeProvider = new SteppingClock(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AHandWrittenRetryingHandler_ResendingTheSameMessage_SendsAFreshValidSignature()
    {
        var resender = new ResendSameMessageOn5xxHandler();
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(Configure).AddHttpMessageHandler(() => resender);
        await using var provider = services.BuildServiceProvider();
        Emulator.EnqueueFault(500, "InternalFailureException");

        var response = await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal("Stopping", response.Status);
        Assert.Equal(2, resender.Sent.Count);
        Assert.Same(resender.Sent[0], resender.Sent[1]);
        AssertTwoFreshlySignedAttempts();
    }

    [Fact]
    public async Task TheStandardResilienceHandler_RetriesWithAFreshValidSignature()
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(Configure).AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.Delay = TimeSpan.Zero;
            resilience.Retry.MaxRetryAttempts = 1;
        });
        await using var provider = services.BuildServiceProvider();
        Emulator.EnqueueFault(503, "ServiceUnavailable");

        var response = await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal("Stopping", response.Status);
        AssertTwoFreshlySignedAttempts();
    }

    [Fact]
    public async Task ClockSkewCorrection_ReachesTheSigningHandler()
    {
        // The emulator's clock is 2 minutes ahead and it allows 1 minute: the first attempt is refused as RequestExpired with the
        // emulator's Date; the client learns the offset and the retry, signed in the handler with the corrected time, passes.
        // (The offset is kept per endpoint; 2 minutes is harmless to a later emulator that gets the same port.)
        await using var skewed = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions
        {
            TimeProvider = new OffsetClock(TimeSpan.FromMinutes(2)),
            AllowedClockSkew = TimeSpan.FromMinutes(1),
        });
        skewed.AddTrainingJob("job-1");
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(options =>
        {
            options.Endpoint = skewed.Endpoint;
            options.Region = "us-east-1";
            options.Credentials = new AwsCredentials(skewed.Options.AccessKeyId, skewed.Options.SecretAccessKey);
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        var requests = skewed.ReceivedRequests;
        Assert.True(requests.Count == 2, EmulatorSession.Describe(requests));
        Assert.Equal("RequestExpired", requests[0].ErrorCode);
        SigV4Header.AssertAccepted(requests[1]);
        Assert.Equal(200, requests[1].StatusCode);
    }

    private void AssertTwoFreshlySignedAttempts()
    {
        var requests = Emulator.ReceivedRequests;
        Assert.True(requests.Count == 2, EmulatorSession.Describe(requests));
        Assert.All(requests, SigV4Header.AssertAccepted);
        Assert.True(requests[0].StatusCode >= 500, EmulatorSession.Describe(requests));
        Assert.Equal(200, requests[1].StatusCode);
        Assert.All(requests, static r => Assert.Single(r.Headers["Authorization"]));
        Assert.All(requests, static r => Assert.Single(r.Headers["X-Amz-Date"]));
        Assert.NotEqual(requests[0].GetHeader("X-Amz-Date"), requests[1].GetHeader("X-Amz-Date"));
        Assert.NotEqual(requests[0].GetHeader("Authorization"), requests[1].GetHeader("Authorization"));
        Assert.Equal(requests[0].GetHeader("amz-sdk-invocation-id"), requests[1].GetHeader("amz-sdk-invocation-id"));   // one call
    }
}
