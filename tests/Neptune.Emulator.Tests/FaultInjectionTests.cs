using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Queued_error_is_served_once_then_normal_handling_resumes()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        emulator.EnqueueFault(429, "TooManyRequestsException", "Slow down.", sendErrorTypeHeader: true);
        using var client = new SignedClient(emulator);

        using var throttled = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");
        using var retried = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");

        var error = await ErrorBody.AssertAsync(throttled, 429, "TooManyRequestsException");
        Assert.Equal("Slow down.", error.DetailedMessage);
        Assert.Equal("TooManyRequestsException", Assert.Single(throttled.Headers.GetValues(NeptuneEmulator.ErrorTypeHeader)));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(retried.Headers.Contains(NeptuneEmulator.ErrorTypeHeader));
        Assert.Equal(0, emulator.PendingFaultCount);
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(1, job.CancelCount);
        Assert.Equal([429, 200], emulator.ReceivedRequests.Select(static r => r.StatusCode));
    }

    [Fact]
    public async Task Fault_without_header_or_message_uses_defaults()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.EnqueueFault(500, "ThrottlingException");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");

        var error = await ErrorBody.AssertAsync(response, 500, "ThrottlingException");
        Assert.False(response.Headers.Contains(NeptuneEmulator.ErrorTypeHeader));
        Assert.Contains("ThrottlingException", error.DetailedMessage);
    }

    [Fact]
    public async Task Faults_are_not_consumed_by_requests_that_fail_authentication()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.EnqueueFault(503, "ServiceUnavailable");
        using var client = new SignedClient(emulator);

        using var unsigned = await client.SendUnsignedAsync(client.Create(HttpMethod.Get, "ml/modeltraining"));
        Assert.Equal(1, emulator.PendingFaultCount);
        using var signed = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");

        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signed.StatusCode);
        Assert.Equal(0, emulator.PendingFaultCount);
    }

    [Fact]
    public async Task Raw_response_is_sent_exactly_as_given()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        const string html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        emulator.EnqueueRawResponse(502, "text/html", html);
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(html, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains(NeptuneEmulator.RequestIdHeader));
        var recorded = Assert.Single(emulator.ReceivedRequests);
        Assert.Equal(502, recorded.StatusCode);
        Assert.Null(recorded.ErrorCode);
    }

    [Fact]
    public async Task Connection_abort_fails_the_request_then_service_resumes()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.EnqueueConnectionAbort();
        using var client = new SignedClient(emulator);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Get, "ml/modeltraining"));
        using var next = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal([0, 200], emulator.ReceivedRequests.Select(static r => r.StatusCode));
    }

    [Fact]
    public async Task Delay_holds_the_request_then_handles_it()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        emulator.EnqueueDelay(TimeSpan.FromMilliseconds(300));
        using var client = new SignedClient(emulator);

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/job-1");

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(250), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Faults_are_served_in_order_and_can_be_cleared()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.EnqueueFault(429, "TooManyRequestsException");
        emulator.EnqueueFault(500, "InternalFailureException");
        emulator.EnqueueFault(408, "ClientTimeoutException");
        using var client = new SignedClient(emulator);

        using var first = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");
        using var second = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");
        emulator.ClearFaults();
        using var third = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Fault_arguments_are_validated()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.EnqueueFault(42, "X"));
        Assert.Throws<ArgumentException>(() => emulator.EnqueueFault(400, " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.EnqueueDelay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => emulator.EnqueueRawResponse(502, "", "body"));
        Assert.Equal(0, emulator.PendingFaultCount);
    }
}
