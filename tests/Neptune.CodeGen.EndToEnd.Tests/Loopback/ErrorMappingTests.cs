using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>Error responses, real and injected, become the typed exceptions the specs name, with everything the response said.</summary>
public sealed class ErrorMappingTests
{
    private static CancelMLModelTrainingJobRequest Cancel(string id) => new() { Id = id, Clean = true };

    /// <summary>The default retry settings, stated so that AWS_MAX_ATTEMPTS or AWS_RETRY_MODE on the machine cannot change them.</summary>
    private static void ThreeAttempts(NeptuneDataClientOptions options) =>
        options.Retry = new RetryOptions { MaxAttempts = 3, Mode = RetryMode.Standard };

    [Fact]
    public async Task UnknownJob_ThrowsMLResourceNotFoundException_WithStatusCodeRequestIdAndMessage()
    {
        await using var session = await EmulatorSession.StartAsync();

        var exception = await Assert.ThrowsAsync<MLResourceNotFoundException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("no-such-job")));

        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("MLResourceNotFoundException", exception.ErrorCode);
        Assert.Equal(request.RequestId, exception.RequestId);
        Assert.Contains("no-such-job", exception.DetailedMessage);
        Assert.False(exception.Retryable);
        Assert.Contains("\"code\":\"MLResourceNotFoundException\"", exception.ResponseBody);
    }

    [Fact]
    public async Task JobAlreadyStopped_ThrowsTheModeledInvalidParameterException()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1", TrainingJobStatus.Stopped);

        var exception = await Assert.ThrowsAsync<InvalidParameterException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal("InvalidParameterException", exception.ErrorCode);
        Assert.NotNull(exception.RequestId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TooManyRequests_IsTypedAndRetryable(bool sendErrorTypeHeader)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueFault(429, "TooManyRequestsException", "Slow down.", sendErrorTypeHeader));

        var exception = await Assert.ThrowsAsync<TooManyRequestsException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.True(exception.Retryable);
        Assert.Equal((HttpStatusCode)429, exception.StatusCode);
        Assert.Equal("TooManyRequestsException", exception.ErrorCode);
        Assert.Equal("Slow down.", exception.DetailedMessage);
        Assert.Equal(session.Emulator.ReceivedRequests[^1].RequestId, exception.RequestId);
        Assert.All(session.Emulator.ReceivedRequests, SigV4Header.AssertAccepted);
    }

    [Fact]
    public async Task ThrottledOnce_IsRetried_AndEveryAttemptIsSigned()
    {
        await using var session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "retry-token" });
        session.Emulator.AddTrainingJob("job-1");
        session.Emulator.EnqueueFault(429, "TooManyRequestsException", "Slow down.", sendErrorTypeHeader: true);
        var client = session.CreateClient(session.Credentials, ThreeAttempts);

        var response = await client.CancelMLModelTrainingJobAsync(Cancel("job-1"));

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        var requests = session.Emulator.ReceivedRequests;
        Assert.Equal(new[] { 429, 200 }, requests.Select(static r => r.StatusCode));
        Assert.All(requests, SigV4Header.AssertAccepted);
        Assert.All(requests, static r => Assert.Equal("/ml/modeltraining/job-1?clean=true", r.RawTarget));
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(1, job.CancelCount);
    }

    [Fact]
    public async Task DroppedConnectionOnce_IsRetried()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        session.Emulator.EnqueueConnectionAbort();
        var client = session.CreateClient(session.Credentials, ThreeAttempts);

        var response = await client.CancelMLModelTrainingJobAsync(Cancel("job-1"));

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        Assert.Equal(new[] { 0, 200 }, session.Emulator.ReceivedRequests.Select(static r => r.StatusCode));
    }

    [Fact]
    public async Task WithOneAttempt_TheThrottlingErrorSurfacesAfterOneRequest()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        session.Emulator.EnqueueFault(429, "TooManyRequestsException");
        var client = session.CreateClient(session.Credentials, options => options.Retry = new RetryOptions { MaxAttempts = 1 });

        var exception = await Assert.ThrowsAsync<TooManyRequestsException>(() => client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.True(exception.Retryable);
        Assert.Equal(session.SingleRequest().RequestId, exception.RequestId);
    }

    [Fact]
    public async Task NamespacedErrorTypeHeader_IsSanitizedToTheTypedException()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueFault(
            400, "com.amazonaws.neptune#MissingParameterException:http://internal.amazon.com/coral/", "Missing id.", sendErrorTypeHeader: true));

        var exception = await Assert.ThrowsAsync<MissingParameterException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.Equal("MissingParameterException", exception.ErrorCode);
        Assert.Equal("Missing id.", exception.DetailedMessage);
    }

    [Fact]
    public async Task UnmodeledErrorCode_ArrivesAsNeptuneDataException_WithItsErrorCode()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueFault(418, "BrandNewNeptuneException", "Something new."));

        var exception = await Assert.ThrowsAsync<NeptuneDataException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.Equal((HttpStatusCode)418, exception.StatusCode);
        Assert.Equal("BrandNewNeptuneException", exception.ErrorCode);
        Assert.Equal("Something new.", exception.DetailedMessage);
        Assert.NotNull(exception.RequestId);
        Assert.False(exception.Retryable);
    }

    [Fact]
    public async Task HtmlBadGatewayFromAProxy_ArrivesAsNeptuneDataException_WithStatusAndRawBody()
    {
        const string Html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
        await using var session = await EmulatorSession.StartAsync();
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueRawResponse(502, "text/html", Html));

        var exception = await Assert.ThrowsAsync<NeptuneDataException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Null(exception.ErrorCode);
        Assert.Null(exception.RequestId);
        Assert.Equal(Html, exception.ResponseBody);
        Assert.Contains("502", exception.Message);
    }

    [Fact]
    public async Task EmptyBody500_ArrivesAsNeptuneDataException_WithTheStatus()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueRawResponse(500, "application/json", string.Empty));

        var exception = await Assert.ThrowsAsync<NeptuneDataException>(() => session.Client.CancelMLModelTrainingJobAsync(Cancel("job-1")));

        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Null(exception.ErrorCode);
        Assert.Null(exception.DetailedMessage);
        Assert.Equal(string.Empty, exception.ResponseBody);
    }
}
