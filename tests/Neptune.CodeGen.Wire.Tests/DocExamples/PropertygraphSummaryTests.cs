using System;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>GetPropertygraphSummary read from the summaries printed on the Neptune graph summary page.</summary>
public sealed class PropertygraphSummaryTests
{
    [Fact]
    public async Task Detailed_summary_of_the_air_routes_graph_reads_as_documented()
    {
        var handler = new CapturingHandler(WireClient.DocExample("propertygraph-summary-detailed.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest { Mode = "detailed" });

        Assert.Equal("/propertygraph/statistics/summary?mode=detailed", handler.Single.Uri.PathAndQuery);
        Assert.Equal(200, response.StatusCode);
        var payload = response.Payload!;
        Assert.Equal("v1", payload.Version);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 14, 35, 3, 804, TimeSpan.Zero), payload.LastStatisticsComputationTime);
        var summary = payload.GraphSummary!;
        Assert.Equal(3748, summary.NumNodes);
        Assert.Equal(51300, summary.NumEdges);
        Assert.Equal(4, summary.NumNodeLabels);
        Assert.Equal(2, summary.NumEdgeLabels);
        Assert.Equal(["continent", "country", "version", "airport"], summary.NodeLabels!);
        Assert.Equal(["contains", "route"], summary.EdgeLabels!);
        Assert.Equal(14, summary.NumNodeProperties);
        Assert.Equal(1, summary.NumEdgeProperties);
        Assert.Equal(14, summary.NodeProperties!.Count);
        Assert.Equal(3748, Assert.Single(summary.NodeProperties[0], entry => entry.Key == "desc").Value);
        Assert.Equal(3503, summary.NodeProperties[3]["country"]);
        Assert.Equal(1, summary.NodeProperties[13]["author"]);
        Assert.Equal(50532, Assert.Single(summary.EdgeProperties!)["dist"]);
        Assert.Equal(42773, summary.TotalNodePropertyValues);
        Assert.Equal(50532, summary.TotalEdgePropertyValues);

        Assert.Equal(5, summary.NodeStructures!.Count);
        Assert.Equal(3471, summary.NodeStructures[0].Count);
        Assert.Equal(12, summary.NodeStructures[0].NodeProperties!.Count);
        Assert.Equal("city", summary.NodeStructures[0].NodeProperties![0]);
        Assert.Equal(["route"], summary.NodeStructures[0].DistinctOutgoingEdgeLabels!);
        Assert.Equal(["contains"], summary.NodeStructures[1].DistinctOutgoingEdgeLabels!);
        Assert.Empty(summary.NodeStructures[2].DistinctOutgoingEdgeLabels!);
        Assert.Equal(["author", "code", "date", "desc", "type"], summary.NodeStructures[4].NodeProperties!);
        var edgeStructure = Assert.Single(summary.EdgeStructures!);
        Assert.Equal(50532, edgeStructure.Count);
        Assert.Equal(["dist"], edgeStructure.EdgeProperties!);
    }

    [Fact]
    public async Task Basic_summary_has_no_structures()
    {
        var handler = new CapturingHandler(WireClient.DocExample("propertygraph-summary-basic.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest { Mode = "basic" });

        Assert.Equal("/propertygraph/statistics/summary?mode=basic", handler.Single.Uri.PathAndQuery);
        var summary = response.Payload!.GraphSummary!;
        Assert.Equal(3748, summary.NumNodes);
        Assert.Equal(["contains", "route"], summary.EdgeLabels!);
        Assert.Equal(1, summary.NodeProperties![12]["date"]);
        Assert.Null(summary.NodeStructures);
        Assert.Null(summary.EdgeStructures);
    }

    [Fact]
    public async Task Summary_of_an_empty_graph_has_empty_lists_not_missing_ones()
    {
        var handler = new CapturingHandler(WireClient.DocExample("propertygraph-summary-empty.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest());

        Assert.Equal("/propertygraph/statistics/summary", handler.Single.Uri.PathAndQuery);
        var payload = response.Payload!;
        Assert.Equal(new DateTimeOffset(2023, 1, 10, 7, 58, 47, 972, TimeSpan.Zero), payload.LastStatisticsComputationTime);
        var summary = payload.GraphSummary!;
        Assert.Equal(0, summary.NumNodes);
        Assert.Equal(0, summary.TotalEdgePropertyValues);
        Assert.NotNull(summary.NodeLabels);
        Assert.Empty(summary.NodeLabels);
        Assert.NotNull(summary.NodeProperties);
        Assert.Empty(summary.NodeProperties);
        Assert.NotNull(summary.NodeStructures);
        Assert.Empty(summary.NodeStructures);
        Assert.NotNull(summary.EdgeStructures);
        Assert.Empty(summary.EdgeStructures);
    }
}
