using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The emulator serves exactly the 43 operations of the neptunedata 2023-08-01 model, and faults reach every one.</summary>
public sealed class OperationCatalogTests
{
    /// <summary>Method and URI of every operation, as the Smithy model's http traits give them.</summary>
    public static TheoryData<string, string> ModelOperations => new()
    {
        { "DELETE", "/gremlin/status/{queryId}" }, { "DELETE", "/loader/{loadId}" }, { "DELETE", "/ml/dataprocessing/{id}" },
        { "DELETE", "/ml/modeltraining/{id}" }, { "DELETE", "/ml/modeltransform/{id}" }, { "DELETE", "/opencypher/status/{queryId}" },
        { "POST", "/ml/endpoints" }, { "DELETE", "/ml/endpoints/{id}" }, { "DELETE", "/propertygraph/statistics" },
        { "DELETE", "/sparql/statistics" }, { "POST", "/system" }, { "POST", "/gremlin/explain" }, { "POST", "/gremlin/profile" },
        { "POST", "/gremlin" }, { "POST", "/opencypher/explain" }, { "POST", "/opencypher" }, { "GET", "/status" },
        { "GET", "/gremlin/status/{queryId}" }, { "GET", "/loader/{loadId}" }, { "GET", "/ml/dataprocessing/{id}" },
        { "GET", "/ml/endpoints/{id}" }, { "GET", "/ml/modeltraining/{id}" }, { "GET", "/ml/modeltransform/{id}" },
        { "GET", "/opencypher/status/{queryId}" }, { "GET", "/propertygraph/statistics" }, { "GET", "/propertygraph/stream" },
        { "GET", "/propertygraph/statistics/summary" }, { "GET", "/rdf/statistics/summary" }, { "GET", "/sparql/statistics" },
        { "GET", "/sparql/stream" }, { "GET", "/gremlin/status" }, { "GET", "/loader" }, { "GET", "/ml/dataprocessing" },
        { "GET", "/ml/endpoints" }, { "GET", "/ml/modeltraining" }, { "GET", "/ml/modeltransform" }, { "GET", "/opencypher/status" },
        { "POST", "/propertygraph/statistics" }, { "POST", "/sparql/statistics" }, { "POST", "/loader" }, { "POST", "/ml/dataprocessing" },
        { "POST", "/ml/modeltraining" }, { "POST", "/ml/modeltransform" },
    };

    [Fact]
    public async Task The_emulator_serves_exactly_the_model_operations()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();

        var expected = ModelOperations.Select(static row => $"{row[0]} {row[1]}").Order().ToArray();
        Assert.Equal(43, expected.Length);
        Assert.Equal(expected, emulator.Operations.Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(ModelOperations))]
    public async Task A_queued_fault_answers_any_operation_and_the_next_request_is_served_normally(string method, string uri)
    {
        await using var api = await EmulatorApi.StartAsync();
        var path = uri.TrimStart('/').Replace("{queryId}", "q-1").Replace("{loadId}", "l-1").Replace("{id}", "id-1");
        api.Emulator.EnqueueFault(429, "TooManyRequestsException", "Slow down.", sendErrorTypeHeader: true);

        using var throttled = await api.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null);

        var error = await ErrorBody.AssertAsync(throttled, 429, "TooManyRequestsException");
        Assert.Equal("Slow down.", error.DetailedMessage);
        Assert.Equal(0, api.Emulator.PendingFaultCount);
        using var next = await api.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null);
        // Served by the operation itself: whatever it answers to these placeholder values, not the fault, not a miss, not a crash.
        var served = api.Emulator.ReceivedRequests[^1];
        Assert.NotEqual(429, served.StatusCode);
        Assert.True(served.StatusCode < 500, $"{method} {path}: {served.StatusCode} {served.ErrorCode}");
        Assert.NotEqual("UnsupportedOperationException", served.ErrorCode);
        Assert.Null(Assert.Single(api.Emulator.ReceivedRequests, r => r.StatusCode == 429).AuthenticationFailure);
    }

    [Theory]
    [MemberData(nameof(ModelOperations))]
    public async Task Every_operation_rejects_an_unsigned_request(string method, string uri)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };
        var path = uri.TrimStart('/').Replace("{queryId}", "q-1").Replace("{loadId}", "l-1").Replace("{id}", "id-1");
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}") : null,
        };

        using var response = await http.SendAsync(request);

        await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.NotNull(Assert.Single(emulator.ReceivedRequests).AuthenticationFailure);
    }

    [Fact]
    public async Task Requests_are_reported_with_their_duration_once_served()
    {
        await using var api = await EmulatorApi.StartAsync();
        RecordedRequest? served = null;
        api.Emulator.RequestServed += request => served = request;

        using var response = await api.GetAsync("status");

        await EmulatorApi.WaitUntilAsync(() => served is not null);
        Assert.Equal("GET", served!.Method);
        Assert.Equal("/status", served.RawPath);
        Assert.Equal(200, served.StatusCode);
        Assert.True(served.Duration > System.TimeSpan.Zero);
    }

    [Fact]
    public async Task A_throwing_RequestServed_handler_is_kept_and_does_not_break_the_next_request()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.RequestServed += request => throw new System.InvalidOperationException("handler failed for " + request.RawPath);

        using (var first = await api.GetAsync("status"))
        {
            Assert.Equal(200, (int)first.StatusCode);
        }

        await EmulatorApi.WaitUntilAsync(() => api.Emulator.RequestServedErrors.Count == 1);
        using var second = await api.GetAsync("status");

        Assert.Equal(200, (int)second.StatusCode);
        await EmulatorApi.WaitUntilAsync(() => api.Emulator.RequestServedErrors.Count == 2);
        Assert.All(api.Emulator.RequestServedErrors, e => Assert.Equal("handler failed for /status", e.Message));
    }

    [Fact]
    public async Task Only_the_last_MaxRecordedRequests_requests_are_kept()
    {
        await using var api = await EmulatorApi.StartAsync(o => o with { MaxRecordedRequests = 3 });

        foreach (var path in new[] { "status", "gremlin/status", "opencypher/status", "status", "gremlin/status" })
        {
            using var response = await api.GetAsync(path);
        }

        Assert.Equal(new[] { "/opencypher/status", "/status", "/gremlin/status" }, api.Emulator.ReceivedRequests.Select(r => r.RawPath));
    }

    [Fact]
    public async Task A_negative_MaxRecordedRequests_is_refused_at_start() =>
        await Assert.ThrowsAsync<System.ArgumentOutOfRangeException>(() => NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { MaxRecordedRequests = -1 }));
}
