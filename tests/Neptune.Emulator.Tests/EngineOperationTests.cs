using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>Engine status, fast reset, statistics and graph summaries.</summary>
public sealed class EngineOperationTests
{
    [Fact]
    public async Task Engine_status_has_the_documented_fields()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Engine.DbEngineVersion = "1.3.2.0.R1";

        var status = await api.OkAsync(HttpMethod.Get, "status");

        Assert.Equal("healthy", status.GetProperty("status").GetString());
        Assert.Equal("1.3.2.0.R1", status.GetProperty("dbEngineVersion").GetString());
        Assert.Equal("writer", status.GetProperty("role").GetString());
        Assert.Equal("viaQueryHint", status.GetProperty("dfeQueryEngine").GetString());
        Assert.StartsWith("tinkerpop-", status.GetProperty("gremlin").GetProperty("version").GetString());
        Assert.Equal("sparql-1.1", status.GetProperty("sparql").GetProperty("version").GetString());
        Assert.Equal("Sun Mar 01 12:00:00 UTC 2026", status.GetProperty("startTime").GetString());
        Assert.Equal("enabled", status.GetProperty("features").GetProperty("Streams").GetString());
        Assert.Equal("disabled", status.GetProperty("features").GetProperty("ResultCache").GetProperty("status").GetString());
        Assert.Equal("120000", status.GetProperty("settings").GetProperty("clusterQueryTimeoutInMs").GetString());
        Assert.Equal("disabled", status.GetProperty("labMode").GetProperty("ObjectIndex").GetString());
        await api.ErrorAsync(HttpMethod.Post, "status", 405, "MethodNotAllowedException", "{}");
    }

    [Theory]
    [InlineData("propertygraph")]
    [InlineData("sparql")]
    public async Task Statistics_get_manage_and_delete(string prefix)
    {
        await using var api = await EmulatorApi.StartAsync();

        var initial = (await api.OkAsync(HttpMethod.Get, $"{prefix}/statistics")).GetProperty("payload");
        Assert.True(initial.GetProperty("active").GetBoolean());
        Assert.True(initial.GetProperty("autoCompute").GetBoolean());
        Assert.Equal("2026-03-01T12:00:00Z", initial.GetProperty("date").GetString());
        Assert.True(initial.GetProperty("signatureInfo").GetProperty("instanceCount").GetInt32() > 0);

        var disabled = await api.OkAsync(HttpMethod.Post, $"{prefix}/statistics", """{"mode":"disableAutoCompute"}""");
        Assert.False(disabled.TryGetProperty("payload", out _));
        Assert.False((await api.OkAsync(HttpMethod.Get, $"{prefix}/statistics")).GetProperty("payload").GetProperty("autoCompute").GetBoolean());

        var deleted = await api.OkAsync(HttpMethod.Delete, $"{prefix}/statistics");
        Assert.False(deleted.GetProperty("payload").GetProperty("active").GetBoolean());
        await api.ErrorAsync(HttpMethod.Get, $"{prefix}/statistics", 400, "StatisticsNotAvailableException");

        api.Clock.Advance(System.TimeSpan.FromMinutes(3));
        var refreshed = await api.OkAsync(HttpMethod.Post, $"{prefix}/statistics", """{"mode":"refresh"}""");
        var id = refreshed.GetProperty("payload").GetProperty("statisticsId").GetString();
        var after = (await api.OkAsync(HttpMethod.Get, $"{prefix}/statistics")).GetProperty("payload");
        Assert.Equal(id, after.GetProperty("statisticsId").GetString());
        Assert.Equal("2026-03-01T12:03:00Z", after.GetProperty("date").GetString());
        await api.ErrorAsync(HttpMethod.Post, $"{prefix}/statistics", 400, "InvalidParameterException", """{"mode":"recompute"}""");
    }

    [Fact]
    public async Task Summaries_are_basic_by_default_and_detailed_on_request()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.PropertyGraphStatistics.GraphSummary = new JsonObject
        {
            ["numNodes"] = 2,
            ["nodeLabels"] = new JsonArray("person"),
            ["nodeStructures"] = new JsonArray(new JsonObject { ["count"] = 2, ["nodeProperties"] = new JsonArray("name") }),
        };

        var basic = (await api.OkAsync(HttpMethod.Get, "propertygraph/statistics/summary")).GetProperty("payload");
        var detailed = (await api.OkAsync(HttpMethod.Get, "propertygraph/statistics/summary?mode=detailed")).GetProperty("payload");
        var rdfBasic = (await api.OkAsync(HttpMethod.Get, "rdf/statistics/summary?mode=basic")).GetProperty("payload");
        var rdfDetailed = (await api.OkAsync(HttpMethod.Get, "rdf/statistics/summary?mode=detailed")).GetProperty("payload");

        Assert.Equal("v1", basic.GetProperty("version").GetString());
        Assert.Equal("2026-03-01T12:00:00Z", basic.GetProperty("lastStatisticsComputationTime").GetString());
        Assert.Equal(2, basic.GetProperty("graphSummary").GetProperty("numNodes").GetInt64());
        Assert.False(basic.GetProperty("graphSummary").TryGetProperty("nodeStructures", out _));
        Assert.Equal(2, detailed.GetProperty("graphSummary").GetProperty("nodeStructures")[0].GetProperty("count").GetInt64());
        Assert.False(rdfBasic.GetProperty("graphSummary").TryGetProperty("subjectStructures", out _));
        Assert.True(rdfDetailed.GetProperty("graphSummary").GetProperty("numQuads").GetInt64() > 0);
        Assert.NotEmpty(rdfDetailed.GetProperty("graphSummary").GetProperty("subjectStructures").EnumerateArray());

        await api.ErrorAsync(HttpMethod.Get, "rdf/statistics/summary?mode=full", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, "propertygraph/statistics/summary?mode=Detailed", 400, "InvalidParameterException");
        await api.OkAsync(HttpMethod.Delete, "sparql/statistics");
        await api.ErrorAsync(HttpMethod.Get, "rdf/statistics/summary", 400, "StatisticsNotAvailableException");
    }

    [Fact]
    public async Task Fast_reset_takes_two_steps_with_a_single_use_token_and_clears_the_data()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "a"));
        await api.OkAsync(HttpMethod.Post, "loader", """{"source":"s3://b/x","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1"}""");

        await api.ErrorAsync(HttpMethod.Post, "system", 400, "MissingParameterException", """{"action":"performDatabaseReset"}""");
        await api.ErrorAsync(HttpMethod.Post, "system", 400, "InvalidParameterException", """{"action":"performDatabaseReset","token":"guess"}""");
        var initiated = await api.OkAsync(HttpMethod.Post, "system", """{"action":"initiateDatabaseReset"}""");
        var token = initiated.GetProperty("payload").GetProperty("token").GetString();
        Assert.True(System.Guid.TryParse(token, out _));

        var performed = await api.OkAsync(HttpMethod.Post, "system", $$"""{"action":"performDatabaseReset","token":"{{token}}"}""");

        Assert.Equal("200 OK", performed.GetProperty("status").GetString());
        Assert.Equal(1, api.Emulator.Engine.ResetCount);
        Assert.Empty(api.Emulator.Loader.Jobs);
        Assert.Empty(api.Emulator.Streams.Snapshot(sparql: false));
        await api.ErrorAsync(HttpMethod.Get, "propertygraph/statistics", 400, "StatisticsNotAvailableException");
        await api.ErrorAsync(HttpMethod.Post, "system", 400, "InvalidParameterException", $$"""{"action":"performDatabaseReset","token":"{{token}}"}""");
    }

    [Fact]
    public async Task A_reset_token_expires_after_an_hour()
    {
        await using var api = await EmulatorApi.StartAsync();
        var token = (await api.OkAsync(HttpMethod.Post, "system", """{"action":"initiateDatabaseReset"}""")).GetProperty("payload").GetProperty("token").GetString();

        api.Clock.Advance(System.TimeSpan.FromHours(1));

        var error = await api.ErrorAsync(HttpMethod.Post, "system", 400, "InvalidParameterException", $$"""{"action":"performDatabaseReset","token":"{{token}}"}""");
        Assert.Contains("expired", error.DetailedMessage);
        await api.ErrorAsync(HttpMethod.Post, "system", 400, "InvalidParameterException", """{"action":"dropEverything"}""");
        await api.ErrorAsync(HttpMethod.Post, "system", 400, "MissingParameterException", "{}");
    }

    [Fact]
    public async Task A_reader_refuses_writes_with_ReadOnlyViolationException()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Engine.Role = "reader";

        await api.ErrorAsync(HttpMethod.Post, "system", 400, "ReadOnlyViolationException", """{"action":"initiateDatabaseReset"}""");
        await api.ErrorAsync(HttpMethod.Post, "propertygraph/statistics", 400, "ReadOnlyViolationException", """{"mode":"refresh"}""");
        await api.ErrorAsync(HttpMethod.Delete, "sparql/statistics", 400, "ReadOnlyViolationException");
        await api.ErrorAsync(HttpMethod.Delete, "propertygraph/statistics", 400, "ReadOnlyViolationException");
        Assert.Equal("reader", (await api.OkAsync(HttpMethod.Get, "status")).GetProperty("role").GetString());
        Assert.True(api.Emulator.RdfStatistics.Available);
    }
}
