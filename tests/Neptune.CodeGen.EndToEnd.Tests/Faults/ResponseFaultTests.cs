using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;
using static Neptune.CodeGen.EndToEnd.Tests.Faults.FaultTestSupport;

namespace Neptune.CodeGen.EndToEnd.Tests.Faults;

/// <summary>
/// The generated client against every way a response can break on the wire. Each call ends, by the client's own timeouts,
/// with a typed exception that keeps what the response said; complete-but-unreadable bodies are not retried (the call may
/// have had its effect and the same bytes would come back), bodies whose transfer failed are retried like any network error.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ResponseFaultTests
{
    [Fact]
    public async Task TruncatedJson_IsANeptuneDataExceptionWithStatusRequestIdAndBody_NotRetried()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(10)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.TruncatedJson));

        var error = await FailsWith<NeptuneDataException>(() => client.CancelMLModelTrainingJobAsync(Cancel()));

        var request = session.SingleRequest();
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(request.RequestId, error.RequestId);
        Assert.Equal("{\"status\":\"Stopp", error.ResponseBody);
        Assert.Contains("could not be read", error.Message);
        Assert.Null(error.ErrorCode);
    }

    [Fact]
    public async Task InvalidUtf8InJson_IsANeptuneDataException_NotRetried()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(10)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.InvalidUtf8Json));

        var error = await FailsWith<NeptuneDataException>(() => client.CancelMLModelTrainingJobAsync(Cancel()));

        Assert.Equal(session.SingleRequest().RequestId, error.RequestId);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("\uFFFD", error.ResponseBody);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task HtmlPageWith200_IsANeptuneDataExceptionShowingThePage_NotRetried()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(10)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.HtmlPage));

        var error = await FailsWith<NeptuneDataException>(() => client.CancelMLModelTrainingJobAsync(Cancel()));

        Assert.Equal(session.SingleRequest().RequestId, error.RequestId);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("<h1>Bad Gateway</h1>", error.ResponseBody);
    }

    public static TheoryData<string> TransferFailures => new() { nameof(ResponseFault.ContentLengthTooLarge), nameof(ResponseFault.UnreadableBody), nameof(ResponseFault.ResetMidBody) };

    private static ResponseFault Named(string name) => name switch
    {
        nameof(ResponseFault.ContentLengthTooLarge) => ResponseFault.ContentLengthTooLarge,
        nameof(ResponseFault.UnreadableBody) => ResponseFault.UnreadableBody,
        nameof(ResponseFault.ResetMidBody) => ResponseFault.ResetMidBody,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(TransferFailures))]
    public async Task BodyWhoseTransferFails_IsRetried_ThenHttpRequestExceptionKeepingTheStatus(string fault)
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(10)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(Named(fault)));

        var error = await FailsWith<HttpRequestException>(() => client.CancelMLModelTrainingJobAsync(Cancel()));

        var requests = session.Emulator.ReceivedRequests;
        Assert.Equal(3, requests.Count);
        Assert.IsAssignableFrom<System.IO.IOException>(error.InnerException);
        if (fault == nameof(ResponseFault.ResetMidBody))
        {
            // A reset discards whatever the client had not read yet; on a busy machine that can include the headers.
            Assert.Contains("reset", error.ToString(), StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.True(error.StatusCode == HttpStatusCode.OK, error.ToString());
            Assert.Contains($"request id {requests[^1].RequestId}", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(TransferFailures))]
    public async Task BodyWhoseTransferFailsOnce_SucceedsOnTheRetry(string fault)
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(10)));
        session.Emulator.EnqueueResponseFault(Named(fault));

        var response = await client.CancelMLModelTrainingJobAsync(Cancel()).WaitAsync(GenerousDeadline);

        Assert.Equal("Stopping", response.Status);
        Assert.Equal(2, session.Emulator.ReceivedRequests.Count);
    }

    [Fact]
    public async Task BodyThatTricklesAByteASecond_EndsWithTheAttemptTimeout_OnEveryAttempt()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 2, TimeSpan.FromSeconds(2)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.Trickle()));

        var error = await FailsWith<AwsTimeoutException>(() => client.CancelMLModelTrainingJobAsync(Cancel()));

        Assert.Equal(AwsTimeoutKind.Attempt, error.Kind);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, session.Emulator.ReceivedRequests.Count);
    }

    [Fact]
    public async Task ErrorBodyOf100MB_IsRefusedPastTheDefaultLimit_KeepingStatusCodeRequestIdAndTheStartOfTheBody()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(30)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.HugeErrorBody()));

        var (error, allocated) = await MeasureAllocations(() => FailsWith<AwsResponseTooLargeException>(() => client.CancelMLModelTrainingJobAsync(Cancel())));

        var request = session.SingleRequest();
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalFailureException", error.ErrorCode);
        Assert.Equal(request.RequestId, error.RequestId);
        Assert.Equal(100_000_000, error.ContentLength);
        Assert.Equal(AwsClientOptions.DefaultMaxResponseBufferSize, error.Limit);
        Assert.StartsWith($"{{\"requestId\":\"{request.RequestId}\",\"code\":\"InternalFailureException\"", error.ResponseBody);
        Assert.Equal(AwsResponseTooLargeException.KeptBodyBytes, error.ResponseBody.Length);
        // Refused by its Content-Length: nowhere near the 100 MB was read or allocated.
        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated:N0} bytes for a refused 100 MB body");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SuccessBodyOf500MB_IsRefusedPastTheDefaultLimit_AndMemoryStaysBounded(bool declareLength)
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 3, TimeSpan.FromSeconds(60)));
        session.EnqueueFaultForEveryAttempt(e => e.EnqueueResponseFault(ResponseFault.HugeSuccessBody(declareLength: declareLength)));

        var (error, allocated) = await MeasureAllocations(() => FailsWith<AwsResponseTooLargeException>(() => client.CancelMLModelTrainingJobAsync(Cancel())));

        Assert.Equal(session.SingleRequest().RequestId, error.RequestId);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(declareLength ? 500_000_000 : null, error.ContentLength);
        Assert.StartsWith("{\"status\":\"xxxx", error.ResponseBody);
        // Read up to the 64 MiB limit at most (a doubling buffer allocates under twice that), never the 500 MB.
        Assert.True(allocated < 3L * AwsClientOptions.DefaultMaxResponseBufferSize, $"allocated {allocated:N0} bytes for a refused 500 MB body");
    }

    [Fact]
    public async Task SuccessBodyUnderARaisedLimit_IsRead()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 1, TimeSpan.FromSeconds(30), maxResponseBufferSize: 2_000_000));
        session.Emulator.EnqueueResponseFault(ResponseFault.HugeSuccessBody(1_000_000));

        var response = await client.CancelMLModelTrainingJobAsync(Cancel()).WaitAsync(GenerousDeadline);

        Assert.Equal(1_000_000 - "{\"status\":\"\"}".Length, response.Status!.Length);
        Assert.True(response.Status.All(c => c == 'x'));
    }

    [Fact]
    public async Task AfterEveryFault_TheSameClientStillWorks()
    {
        await using var session = await StartWithJobAsync();
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 1, TimeSpan.FromSeconds(2), maxResponseBufferSize: 64 * 1024));
        ResponseFault[] faults =
        [
            ResponseFault.TruncatedJson, ResponseFault.ContentLengthTooLarge, ResponseFault.InvalidUtf8Json, ResponseFault.HtmlPage,
            ResponseFault.UnreadableBody, ResponseFault.Trickle(TimeSpan.FromMilliseconds(500)), ResponseFault.ResetMidBody,
            ResponseFault.HugeErrorBody(1_000_000), ResponseFault.HugeSuccessBody(1_000_000),
        ];

        foreach (var fault in faults)
        {
            session.Emulator.EnqueueResponseFault(fault);
            var failed = await Record.ExceptionAsync(() => client.CancelMLModelTrainingJobAsync(Cancel()).WaitAsync(GenerousDeadline));
            Assert.True(failed is NeptuneDataException or AwsServiceException or HttpRequestException or AwsTimeoutException,
                $"{fault.Kind}: {failed?.GetType().Name ?? "no exception"}");

            Assert.Equal("Stopping", (await client.CancelMLModelTrainingJobAsync(Cancel()).WaitAsync(GenerousDeadline)).Status);
        }
    }

    private static async Task<(T Result, long Allocated)> MeasureAllocations<T>(Func<Task<T>> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await action();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
