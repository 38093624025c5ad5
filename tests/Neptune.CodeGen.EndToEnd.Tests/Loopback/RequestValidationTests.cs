using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>Label encoding, argument checks before anything is sent, and cancellation.</summary>
public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("x?y=1")]
    [InlineData("frag#ment")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("100%")]
    [InlineData("%2F")]
    [InlineData("...")]
    [InlineData("..a")]
    [InlineData("ünïcødé-作业")]
    [InlineData("~job_1.x-y")]
    public async Task HostileLabel_IsSentAsExactlyOnePathSegment(string id)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob(id);

        var response = await session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = id, Clean = true });

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.Equal("/ml/modeltraining/" + Uri.EscapeDataString(id), request.RawPath);
        Assert.Equal("clean=true", request.RawQuery);
        Assert.True(session.Emulator.TryGetTrainingJob(id, out var job), $"The emulator has no job '{id}'.");
        Assert.Equal(1, job.CancelCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task EmptyOrDotSegmentLabel_ThrowsArgumentException_BeforeAnythingIsSent(string id)
    {
        await using var session = await EmulatorSession.StartAsync();

        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = id }));

        Assert.Contains("Id", exception.Message);
        Assert.Empty(session.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task MissingId_ThrowsArgumentException_AndTheEmulatorLogStaysEmpty()
    {
        await using var session = await EmulatorSession.StartAsync();

        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(
            () => session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = null!, Clean = true }));

        Assert.Contains("Id", exception.ParamName ?? exception.Message);
        Assert.Empty(session.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task NullRequest_ThrowsArgumentNullException()
    {
        await using var session = await EmulatorSession.StartAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => session.Client.CancelMLModelTrainingJobAsync(null!));

        Assert.Empty(session.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task CancellationToken_CancelsACallThatIsWaitingForTheServer()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        session.Emulator.EnqueueDelay(TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }, cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Cancellation took {stopwatch.Elapsed}.");
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.InProgress, job.Status);
    }

    [Fact]
    public async Task OperationTimeout_ExpiringWhileTheServerIsSlow_ThrowsTimeoutException_NotCancellation()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        session.Emulator.EnqueueDelay(TimeSpan.FromSeconds(30));
        var client = session.CreateClient(session.Credentials, static options =>
        {
            options.OperationTimeout = TimeSpan.FromMilliseconds(500);
            options.Retry = new RetryOptions { MaxAttempts = 1 };
        });

        var exception = await Assert.ThrowsAsync<AwsTimeoutException>(
            () => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }));

        Assert.IsAssignableFrom<TimeoutException>(exception);
        Assert.Contains("CancelMLModelTrainingJob", exception.Message);
    }

    [Fact]
    public async Task AlreadyCancelledToken_ThrowsWithoutSending()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }, new CancellationToken(canceled: true)));

        Assert.Empty(session.Emulator.ReceivedRequests);
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(0, job.CancelCount);
    }
}
