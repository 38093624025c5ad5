using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>Gremlin and openCypher over HTTP: execute, explain, profile, status, list and cancel.</summary>
public sealed class QueryOperationTests
{
    private static JsonNode GremlinList(params long[] values) =>
        new JsonObject { ["@type"] = "g:List", ["@value"] = new JsonArray(values.Select(static v => (JsonNode)new JsonObject { ["@type"] = "g:Int64", ["@value"] = v }).ToArray()) };

    [Fact]
    public async Task Gremlin_answers_from_the_first_matching_responder_or_the_default()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Gremlin.When(q => q.Contains("count()"), GremlinList(42)).When(static q => q.Contains("count()"), GremlinList(7));

        var counted = await api.OkAsync(HttpMethod.Post, "gremlin", """{"gremlin":"g.V().count()"}""");
        var other = await api.OkAsync(HttpMethod.Post, "gremlin", """{"gremlin":"g.V().limit(1)"}""");

        Assert.Equal(42, counted.GetProperty("result").GetProperty("data").GetProperty("@value")[0].GetProperty("@value").GetInt64());
        Assert.Equal(200, counted.GetProperty("status").GetProperty("code").GetInt32());
        Assert.True(Guid.TryParse(counted.GetProperty("requestId").GetString(), out _));
        Assert.Equal("g:List", other.GetProperty("result").GetProperty("data").GetProperty("@type").GetString());
        Assert.Empty(other.GetProperty("result").GetProperty("data").GetProperty("@value").EnumerateArray());
        Assert.Equal(["g.V().count()", "g.V().limit(1)"], api.Emulator.Gremlin.ReceivedQueries);
    }

    [Fact]
    public async Task Gremlin_errors_and_validation()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Gremlin.WhenFails(static q => q.StartsWith("g.X", StringComparison.Ordinal), 400, "MalformedQueryException", "Failed to interpret Gremlin query: No such property: X");

        var malformed = await api.ErrorAsync(HttpMethod.Post, "gremlin", 400, "MalformedQueryException", """{"gremlin":"g.X()"}""");
        Assert.Contains("No such property", malformed.DetailedMessage);
        await api.ErrorAsync(HttpMethod.Post, "gremlin", 400, "MissingParameterException", """{"query":"g.V()"}""");
        await api.ErrorAsync(HttpMethod.Post, "gremlin/profile", 400, "MissingParameterException", "{}");
        await api.ErrorAsync(HttpMethod.Post, "gremlin/explain", 400, "InvalidParameterException", """{"gremlin":5}""");
        await api.ErrorAsync(HttpMethod.Post, "gremlin/profile", 400, "InvalidParameterException", """{"gremlin":"g.V()","profile.chop":-1}""");
        using var xml = await api.SendAsync(HttpMethod.Post, "gremlin", """{"gremlin":"g.V()"}""", static r => r.Headers.Add("Accept", "application/xml"));
        await ErrorBody.AssertAsync(xml, 400, "BadRequestException");
        using var graphson = await api.SendAsync(HttpMethod.Post, "gremlin", """{"gremlin":"g.V()"}""", static r => r.Headers.Add("Accept", "application/vnd.gremlin-v3.0+json"));
        Assert.True(graphson.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Gremlin_explain_and_profile_are_text_reports()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Gremlin.When(static q => q.Contains("count()"), GremlinList(3));

        using var explain = await api.SendAsync(HttpMethod.Post, "gremlin/explain", """{"gremlin":"g.V().count()"}""");
        using var profile = await api.SendAsync(HttpMethod.Post, "gremlin/profile", """{"gremlin":"g.V().count()","profile.results":true,"profile.chop":10,"profile.serializer":"application/json","profile.indexOps":true}""");
        using var quiet = await api.SendAsync(HttpMethod.Post, "gremlin/profile", """{"gremlin":"g.V().count()","profile.results":false}""");

        Assert.Equal("text/plain", explain.Content.Headers.ContentType?.MediaType);
        Assert.True(explain.Headers.Contains(NeptuneEmulator.RequestIdHeader));
        var explainText = await explain.Content.ReadAsStringAsync();
        Assert.Contains("Neptune Gremlin Explain", explainText);
        Assert.Contains("g.V().count()", explainText);
        Assert.Contains("[VStep, countStep]", explainText);
        var profileText = await profile.Content.ReadAsStringAsync();
        Assert.Contains("Neptune Gremlin Profile", profileText);
        Assert.Contains("Count: 1", profileText);
        Assert.Contains("Output: {\"@type\":\"...", profileText);
        Assert.Contains("Index Operations", profileText);
        Assert.DoesNotContain("Results", await quiet.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_long_running_Gremlin_query_is_listed_until_cancelled_and_then_fails_as_cancelled()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Gremlin.When(static q => q.Contains("slow"), GremlinList(1), TimeSpan.FromMinutes(1));

        var execute = api.SendAsync(HttpMethod.Post, "gremlin", """{"gremlin":"g.V().has('slow')"}""");
        await EmulatorApi.WaitUntilAsync(() => api.Emulator.Gremlin.Running.Count == 1);
        api.Clock.Advance(TimeSpan.FromSeconds(2));

        var list = await api.OkAsync(HttpMethod.Get, "gremlin/status?includeWaiting=true");
        Assert.Equal(1, list.GetProperty("runningQueryCount").GetInt32());
        Assert.Equal(1, list.GetProperty("acceptedQueryCount").GetInt32());
        var listed = Assert.Single(list.GetProperty("queries").EnumerateArray());
        var queryId = listed.GetProperty("queryId").GetString()!;
        Assert.Equal("g.V().has('slow')", listed.GetProperty("queryString").GetString());

        var status = await api.OkAsync(HttpMethod.Get, $"gremlin/status/{queryId}");
        Assert.Equal(2000, status.GetProperty("queryEvalStats").GetProperty("elapsed").GetInt32());
        Assert.False(status.GetProperty("queryEvalStats").GetProperty("cancelled").GetBoolean());

        Assert.Equal("200 OK", (await api.OkAsync(HttpMethod.Delete, $"gremlin/status/{queryId}")).GetProperty("status").GetString());
        using var cancelled = await execute;
        await ErrorBody.AssertAsync(cancelled, 500, "CancelledByUserException");
        Assert.Empty((await api.OkAsync(HttpMethod.Get, "gremlin/status")).GetProperty("queries").EnumerateArray());
        await api.ErrorAsync(HttpMethod.Get, $"gremlin/status/{queryId}", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Delete, $"gremlin/status/{queryId}", 400, "InvalidParameterException");
    }

    [Fact]
    public async Task A_long_running_query_ends_when_the_clock_passes_its_duration()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.OpenCypher.When(static q => q.Contains("slow"), new JsonArray(new JsonObject { ["n"] = 1 }), TimeSpan.FromSeconds(30));

        var execute = api.SendAsync(HttpMethod.Post, "opencypher", """{"query":"MATCH (n:slow) RETURN n"}""");
        await EmulatorApi.WaitUntilAsync(() => api.Emulator.OpenCypher.Running.Count == 1);
        Assert.Single((await api.OkAsync(HttpMethod.Get, "opencypher/status")).GetProperty("queries").EnumerateArray());

        api.Clock.Advance(TimeSpan.FromSeconds(30));
        using var response = await execute;
        var results = (await Json.ReadAsync(response)).GetProperty("results");

        Assert.Equal(1, Assert.Single(results.EnumerateArray()).GetProperty("n").GetInt32());
        Assert.Empty(api.Emulator.OpenCypher.Running);
    }

    [Fact]
    public async Task OpenCypher_executes_explains_and_cancels()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.OpenCypher.Default = new JsonArray(new JsonObject { ["count(n)"] = 0 });
        api.Emulator.OpenCypher.When(static q => q.Contains("wait"), new JsonArray(), TimeSpan.FromHours(1));

        var results = await api.OkAsync(HttpMethod.Post, "opencypher", """{"query":"MATCH (n) RETURN count(n)","parameters":"{\"x\":1}"}""");
        Assert.Equal(0, results.GetProperty("results")[0].GetProperty("count(n)").GetInt32());

        using var explain = await api.SendAsync(HttpMethod.Post, "opencypher/explain", """{"query":"MATCH (n) RETURN n","explain":"details"}""");
        Assert.Equal("text/plain", explain.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Explain mode: details", await explain.Content.ReadAsStringAsync());

        var execute = api.SendAsync(HttpMethod.Post, "opencypher", """{"query":"MATCH (n) WHERE n.wait RETURN n"}""");
        await EmulatorApi.WaitUntilAsync(() => api.Emulator.OpenCypher.Running.Count == 1);
        var queryId = api.Emulator.OpenCypher.Running[0].QueryId;
        Assert.Equal("MATCH (n) WHERE n.wait RETURN n", (await api.OkAsync(HttpMethod.Get, $"opencypher/status/{queryId}")).GetProperty("queryString").GetString());

        var cancel = await api.OkAsync(HttpMethod.Delete, $"opencypher/status/{queryId}");
        Assert.Equal("200 OK", cancel.GetProperty("status").GetString());
        Assert.True(cancel.GetProperty("payload").GetBoolean());
        using var cancelled = await execute;
        await ErrorBody.AssertAsync(cancelled, 500, "CancelledByUserException");

        // silent=true: the cancelled query's own request ends with an empty result instead of an error.
        var quiet = api.SendAsync(HttpMethod.Post, "opencypher", """{"query":"MATCH (n) WHERE n.wait RETURN n"}""");
        await EmulatorApi.WaitUntilAsync(() => api.Emulator.OpenCypher.Running.Count == 1);
        await api.OkAsync(HttpMethod.Delete, $"opencypher/status/{api.Emulator.OpenCypher.Running[0].QueryId}?silent=true");
        using var silenced = await quiet;
        Assert.Empty((await Json.ReadAsync(silenced)).GetProperty("results").EnumerateArray());
    }

    [Theory]
    [InlineData("opencypher", """{"parameters":"{}"}""", "MissingParameterException")]
    [InlineData("opencypher", """{"query":"RETURN 1","parameters":"not json"}""", "InvalidParameterException")]
    [InlineData("opencypher", """{"query":"RETURN 1","parameters":{"x":1}}""", "InvalidParameterException")]
    [InlineData("opencypher/explain", """{"query":"RETURN 1"}""", "MissingParameterException")]
    [InlineData("opencypher/explain", """{"query":"RETURN 1","explain":"verbose"}""", "InvalidParameterException")]
    [InlineData("opencypher", """[1]""", "BadRequestException")]
    public async Task OpenCypher_validates_its_body(string path, string body, string code)
    {
        await using var api = await EmulatorApi.StartAsync();

        await api.ErrorAsync(HttpMethod.Post, path, 400, code, body);
    }

    [Fact]
    public async Task OpenCypher_status_and_cancel_of_unknown_queries_and_bad_flags_are_rejected()
    {
        await using var api = await EmulatorApi.StartAsync();

        await api.ErrorAsync(HttpMethod.Get, "opencypher/status/nope", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Delete, "opencypher/status/nope", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Delete, "opencypher/status/nope?silent=loud", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, "opencypher/status?includeWaiting=2", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, "gremlin/status?includeWaiting=maybe", 400, "InvalidParameterException");
        Assert.Equal(0, (await api.OkAsync(HttpMethod.Get, "opencypher/status")).GetProperty("runningQueryCount").GetInt32());
    }
}
