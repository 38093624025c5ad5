using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>The 11 Gremlin and openCypher operations through the generated client, answered by the emulator's responders.</summary>
public sealed class QueriesOperationsTests
{
    private static string Utf8(byte[]? bytes) => System.Text.Encoding.UTF8.GetString(bytes!);

    /// <summary>Waits (without a time limit that could fail on a slow machine) until the emulator runs the query sent in the background.</summary>
    private static async Task<RunningQuery> WaitUntilRunningAsync(QueryResponders responders, Task call)
    {
        while (responders.Running.Count == 0)
        {
            Assert.False(call.IsCompleted, "The query ended before the emulator reported it running.");
            await Task.Delay(10);
        }

        return Assert.Single(responders.Running);
    }

    [Fact]
    public async Task GremlinQuery_ReturnsTheResponderResult_AndAFailingQueryIsTyped()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Gremlin.When(static q => q.Contains("count()"), JsonNode.Parse("""{"@type":"g:List","@value":[{"@type":"g:Int64","@value":42}]}""")!);
        env.Emulator.Gremlin.WhenFails(static q => q.StartsWith("g.X", StringComparison.Ordinal), 400, "MalformedQueryException", "No such property: X");

        var response = await env.Client.ExecuteGremlinQueryAsync(new ExecuteGremlinQueryRequest { GremlinQuery = "g.V().count()" });

        Assert.Equal(200, response.Status!.Code);
        Assert.False(string.IsNullOrEmpty(response.RequestId));
        var data = response.Result!.Value.GetProperty("data");
        Assert.Equal("g:List", data.GetProperty("@type").GetString());
        Assert.Equal(42, data.GetProperty("@value")[0].GetProperty("@value").GetInt64());
        Assert.Contains("\"gremlin\":\"g.V().count()\"", env.Emulator.ReceivedRequests[^1].Body);
        var malformed = await env.ThrowsAsync<MalformedQueryException>(
            () => env.Client.ExecuteGremlinQueryAsync(new ExecuteGremlinQueryRequest { GremlinQuery = "g.X()" }), "MalformedQueryException", HttpStatusCode.BadRequest);
        Assert.Equal("No such property: X", malformed.DetailedMessage);
        Assert.Equal(new[] { "g.V().count()", "g.X()" }, env.Emulator.Gremlin.ReceivedQueries);
    }

    [Fact]
    public async Task GremlinExplainAndProfile_ReturnTheTextReports()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Gremlin.When(static q => q.Contains("person"), JsonNode.Parse("""[{"id":"v1"},{"id":"v2"},{"id":"v3"}]""")!);
        env.Emulator.Gremlin.WhenFails(static q => q.StartsWith("g.X", StringComparison.Ordinal), 400, "MalformedQueryException", "No such property: X");
        const string Query = "g.V().hasLabel('person')";

        var explain = Utf8((await env.Client.ExecuteGremlinExplainQueryAsync(new ExecuteGremlinExplainQueryRequest { GremlinQuery = Query })).Output);
        var profile = Utf8((await env.Client.ExecuteGremlinProfileQueryAsync(new ExecuteGremlinProfileQueryRequest
        {
            GremlinQuery = Query,
            Results = true,
            Chop = 20,
            Serializer = "application/json",
            IndexOps = true,
        })).Output);

        Assert.Contains("Neptune Gremlin Explain", explain);
        Assert.Contains(Query, explain);
        Assert.Contains("Neptune Gremlin Profile", profile);
        Assert.Contains("Count: 3", profile);
        Assert.Contains("Output: [{\"id\":\"v1\"},{\"id\":\"...", profile);
        Assert.Contains("Serializer: application/json", profile);
        Assert.Contains("Index Operations", profile);
        await env.ThrowsAsync<MalformedQueryException>(
            () => env.Client.ExecuteGremlinProfileQueryAsync(new ExecuteGremlinProfileQueryRequest { GremlinQuery = "g.X()" }), "MalformedQueryException", HttpStatusCode.BadRequest);
        env.Emulator.EnqueueFault(400, "MalformedQueryException", "Explain could not parse the query.");
        await env.ThrowsAsync<MalformedQueryException>(
            () => env.Client.ExecuteGremlinExplainQueryAsync(new ExecuteGremlinExplainQueryRequest { GremlinQuery = "g.V(" }), "MalformedQueryException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OpenCypherQueryAndExplain_ReturnTheResponderResultAndThePlan()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.OpenCypher.When(static q => q.Contains("MATCH (n:person)"), JsonNode.Parse("""[{"n.name":"Ada"},{"n.name":"Grace"}]""")!);
        env.Emulator.OpenCypher.WhenFails(static q => q.StartsWith("MATC ", StringComparison.Ordinal), 400, "MalformedQueryException", "Invalid input 'MATC'");
        const string Query = "MATCH (n:person) WHERE n.age > $age RETURN n.name";

        var response = await env.Client.ExecuteOpenCypherQueryAsync(new ExecuteOpenCypherQueryRequest { OpenCypherQuery = Query, Parameters = """{"age":30}""" });
        var explain = Utf8((await env.Client.ExecuteOpenCypherExplainQueryAsync(new ExecuteOpenCypherExplainQueryRequest
        {
            OpenCypherQuery = Query,
            ExplainMode = OpenCypherExplainMode.Details,
        })).Results);

        Assert.Equal(new[] { "Ada", "Grace" }, response.Results!.Value.EnumerateArray().Select(static r => r.GetProperty("n.name").GetString()));
        Assert.Contains("Explain mode: details", explain);
        Assert.Contains(Query, explain);
        await env.ThrowsAsync<MalformedQueryException>(
            () => env.Client.ExecuteOpenCypherQueryAsync(new ExecuteOpenCypherQueryRequest { OpenCypherQuery = "MATC (n) RETURN n" }), "MalformedQueryException", HttpStatusCode.BadRequest);
        env.Emulator.EnqueueFault(400, "MalformedQueryException", "Explain could not parse the query.");
        await env.ThrowsAsync<MalformedQueryException>(
            () => env.Client.ExecuteOpenCypherExplainQueryAsync(new ExecuteOpenCypherExplainQueryRequest { OpenCypherQuery = "MATC", ExplainMode = OpenCypherExplainMode.Static }),
            "MalformedQueryException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RunningGremlinQuery_IsListed_HasAStatus_AndFinishesOnTheClock()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Gremlin.When(static q => q.Contains("slow"), JsonNode.Parse("""["done"]""")!, duration: TimeSpan.FromSeconds(10));
        const string Query = "g.V().has('slow', true)";

        var call = env.Client.ExecuteGremlinQueryAsync(new ExecuteGremlinQueryRequest { GremlinQuery = Query });
        var running = await WaitUntilRunningAsync(env.Emulator.Gremlin, call);
        env.Advance(TimeSpan.FromSeconds(3));

        var list = await env.Client.ListGremlinQueriesAsync(new ListGremlinQueriesRequest { IncludeWaiting = true });
        Assert.Equal(1, list.AcceptedQueryCount);
        Assert.Equal(1, list.RunningQueryCount);
        var listed = Assert.Single(list.Queries!);
        Assert.Equal(running.QueryId, listed.QueryId);
        Assert.Equal(Query, listed.QueryString);
        var status = await env.Client.GetGremlinQueryStatusAsync(new GetGremlinQueryStatusRequest { QueryId = running.QueryId });
        Assert.Equal(Query, status.QueryString);
        Assert.Equal(3000, status.QueryEvalStats!.Elapsed);
        Assert.NotEqual(true, status.QueryEvalStats.Cancelled);

        env.Advance(TimeSpan.FromSeconds(7));
        var response = await call;
        Assert.Equal("done", response.Result!.Value.GetProperty("data")[0].GetString());
        Assert.Empty((await env.Client.ListGremlinQueriesAsync(new ListGremlinQueriesRequest())).Queries ?? []);
        await env.ThrowsAsync<InvalidParameterException>(
            () => env.Client.GetGremlinQueryStatusAsync(new GetGremlinQueryStatusRequest { QueryId = running.QueryId }), "InvalidParameterException", HttpStatusCode.BadRequest);
        env.ThrottleNextRequest();
        await env.ThrowsAsync<TooManyRequestsException>(
            () => env.Client.ListGremlinQueriesAsync(new ListGremlinQueriesRequest()), "TooManyRequestsException", (HttpStatusCode)429);
    }

    [Fact]
    public async Task CancelledGremlinQuery_FailsWithCancelledByUserException()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Gremlin.When(static q => q.Contains("slow"), JsonNode.Parse("""["done"]""")!, duration: TimeSpan.FromSeconds(10));

        var call = env.Client.ExecuteGremlinQueryAsync(new ExecuteGremlinQueryRequest { GremlinQuery = "g.V().has('slow', true)" });
        var running = await WaitUntilRunningAsync(env.Emulator.Gremlin, call);
        var cancelled = await env.Client.CancelGremlinQueryAsync(new CancelGremlinQueryRequest { QueryId = running.QueryId });

        Assert.Equal("200 OK", cancelled.Status);
        var exception = await Assert.ThrowsAsync<CancelledByUserException>(() => call);
        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("CancelledByUserException", exception.ErrorCode);
        Assert.Contains(running.QueryId, exception.DetailedMessage);
        Assert.False(string.IsNullOrEmpty(exception.RequestId));
        await env.ThrowsAsync<InvalidParameterException>(
            () => env.Client.CancelGremlinQueryAsync(new CancelGremlinQueryRequest { QueryId = "no-such-query" }), "InvalidParameterException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RunningOpenCypherQuery_IsListed_HasAStatus_AndSilentCancelEndsItEmpty()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.OpenCypher.When(static q => q.Contains("slow"), JsonNode.Parse("""[{"n":1}]""")!, duration: TimeSpan.FromSeconds(10));
        const string Query = "MATCH (n {slow: true}) RETURN n";

        var call = env.Client.ExecuteOpenCypherQueryAsync(new ExecuteOpenCypherQueryRequest { OpenCypherQuery = Query });
        var running = await WaitUntilRunningAsync(env.Emulator.OpenCypher, call);
        env.Advance(TimeSpan.FromSeconds(2));

        var list = await env.Client.ListOpenCypherQueriesAsync(new ListOpenCypherQueriesRequest { IncludeWaiting = false });
        Assert.Equal(1, list.RunningQueryCount);
        Assert.Equal(running.QueryId, Assert.Single(list.Queries!).QueryId);
        var status = await env.Client.GetOpenCypherQueryStatusAsync(new GetOpenCypherQueryStatusRequest { QueryId = running.QueryId });
        Assert.Equal(Query, status.QueryString);
        Assert.Equal(2000, status.QueryEvalStats!.Elapsed);

        var cancelled = await env.Client.CancelOpenCypherQueryAsync(new CancelOpenCypherQueryRequest { QueryId = running.QueryId, Silent = true });
        Assert.Equal("200 OK", cancelled.Status);
        Assert.True(cancelled.Payload);
        Assert.Contains("silent=true", env.Emulator.ReceivedRequests.Single(static r => r.Method == "DELETE").RawQuery);
        Assert.Empty((await call).Results!.Value.EnumerateArray());

        await env.ThrowsAsync<InvalidParameterException>(
            () => env.Client.GetOpenCypherQueryStatusAsync(new GetOpenCypherQueryStatusRequest { QueryId = running.QueryId }), "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => env.Client.CancelOpenCypherQueryAsync(new CancelOpenCypherQueryRequest { QueryId = running.QueryId }), "InvalidParameterException", HttpStatusCode.BadRequest);
        env.ThrottleNextRequest();
        await env.ThrowsAsync<TooManyRequestsException>(
            () => env.Client.ListOpenCypherQueriesAsync(new ListOpenCypherQueriesRequest()), "TooManyRequestsException", (HttpStatusCode)429);
    }

    [Fact]
    public async Task CancelledOpenCypherQuery_WithoutSilent_FailsWithCancelledByUserException()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.OpenCypher.When(static q => q.Contains("slow"), JsonNode.Parse("""[{"n":1}]""")!, duration: TimeSpan.FromSeconds(10));

        var call = env.Client.ExecuteOpenCypherQueryAsync(new ExecuteOpenCypherQueryRequest { OpenCypherQuery = "MATCH (n {slow: true}) RETURN n" });
        var running = await WaitUntilRunningAsync(env.Emulator.OpenCypher, call);
        await env.Client.CancelOpenCypherQueryAsync(new CancelOpenCypherQueryRequest { QueryId = running.QueryId });

        var exception = await Assert.ThrowsAsync<CancelledByUserException>(() => call);
        Assert.Equal(HttpStatusCode.InternalServerError, exception.StatusCode);
        Assert.Equal("CancelledByUserException", exception.ErrorCode);
    }
}
