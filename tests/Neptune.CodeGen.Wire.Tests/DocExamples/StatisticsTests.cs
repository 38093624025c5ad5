using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// The DFE statistics operations against the requests and responses on the statistics page. The model types
/// <c>statisticsId</c> as a string while the documented service sends a number (<c>"statisticsId" : 1588893232718</c>);
/// the client must read it as its text. The <c>..._with_a_string_statistics_id_...</c> test checks the rest on its own.
/// </summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData("disableAutoCompute")]
    [InlineData("enableAutoCompute")]
    public async Task ManagePropertygraphStatistics_sends_the_documented_auto_compute_requests(string mode)
    {
        // neptune-dfe-statistics.html: curl -X POST "$STATISTICS_ENDPOINT" -d '{ "mode" : "<mode>" }', answered { "status" : "200 OK" }.
        var handler = new CapturingHandler("""{ "status" : "200 OK" }""");
        using var client = WireClient.Create(handler);

        var response = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = mode });

        var sent = handler.Single;
        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("/propertygraph/statistics", sent.Uri.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["mode"] = mode }, JsonNode.Parse(sent.BodyText)), $"Sent {sent.BodyText}");
        Assert.Equal("200 OK", response.Status);
        Assert.Null(response.Payload);
    }

    [Fact]
    public async Task ManagePropertygraphStatistics_sends_refresh_and_reads_the_statistics_id()
    {
        var handler = new CapturingHandler(WireClient.DocExample("manage-propertygraph-statistics.response.json"));
        using var client = WireClient.Create(handler);

        var response = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = "refresh" });

        var sent = handler.Single;
        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("/propertygraph/statistics", sent.Uri.PathAndQuery);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(WireClient.DocExample("manage-propertygraph-statistics.request.json")), JsonNode.Parse(sent.BodyText)),
            $"Sent {sent.BodyText}");
        Assert.Equal("200 OK", response.Status);
        Assert.Equal("1588893232718", response.Payload!.StatisticsId);
    }


    [Fact]
    public Task GetPropertygraphStatistics_reads_the_documented_status() =>
        ReadStatisticsStatusAsync(WireClient.DocExample("propertygraph-statistics.json"));

    [Fact]
    public Task GetPropertygraphStatistics_with_a_string_statistics_id_reads_the_documented_status() =>
        ReadStatisticsStatusAsync(WireClient.DocExample("propertygraph-statistics.json").Replace("1588713528304", "\"1588713528304\"", StringComparison.Ordinal));

    private static async Task ReadStatisticsStatusAsync(string responseJson)
    {
        var handler = new CapturingHandler(responseJson);
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest());

        Assert.Equal("GET", handler.Single.Method.Method);
        Assert.Equal("/propertygraph/statistics", handler.Single.Uri.PathAndQuery);
        Assert.Equal("200 OK", response.Status);
        var statistics = response.Payload!;
        Assert.True(statistics.AutoCompute);
        Assert.False(statistics.Active);
        Assert.Equal("1588713528304", statistics.StatisticsId);
        Assert.Equal(new DateTimeOffset(2020, 5, 5, 21, 18, 0, TimeSpan.Zero), statistics.Date);
        Assert.Equal("Limit reached: Statistics are not available", statistics.Note);
        Assert.Null(statistics.SignatureInfo);
    }
}
