using System.Text.Json.Nodes;

namespace Neptune.Emulator.Engine;

/// <summary>The graph summaries an emulator starts with: a small air-routes-like graph. Tests replace them through <see cref="GraphStatistics.GraphSummary"/>.</summary>
internal static class SampleGraph
{
    public static JsonObject PropertyGraphSummary() => new()
    {
        ["numNodes"] = 3748,
        ["numEdges"] = 57645,
        ["numNodeLabels"] = 4,
        ["numEdgeLabels"] = 2,
        ["nodeLabels"] = new JsonArray("airport", "continent", "country", "version"),
        ["edgeLabels"] = new JsonArray("contains", "route"),
        ["numNodeProperties"] = 14,
        ["numEdgeProperties"] = 1,
        ["nodeProperties"] = new JsonArray(
            new JsonObject { ["code"] = 3748 }, new JsonObject { ["desc"] = 3748 }, new JsonObject { ["city"] = 3504 }, new JsonObject { ["country"] = 3504 }),
        ["edgeProperties"] = new JsonArray(new JsonObject { ["dist"] = 50637 }),
        ["totalNodePropertyValues"] = 42773,
        ["totalEdgePropertyValues"] = 50637,
        ["nodeStructures"] = new JsonArray(
            new JsonObject
            {
                ["count"] = 3471,
                ["nodeProperties"] = new JsonArray("city", "code", "country", "desc"),
                ["distinctOutgoingEdgeLabels"] = new JsonArray("route"),
            },
            new JsonObject { ["count"] = 237, ["nodeProperties"] = new JsonArray("code", "desc"), ["distinctOutgoingEdgeLabels"] = new JsonArray("contains") }),
        ["edgeStructures"] = new JsonArray(
            new JsonObject { ["count"] = 50637, ["edgeProperties"] = new JsonArray("dist") },
            new JsonObject { ["count"] = 7008, ["edgeProperties"] = new JsonArray() }),
    };

    public static JsonObject RdfGraphSummary() => new()
    {
        ["numDistinctSubjects"] = 693,
        ["numDistinctPredicates"] = 48,
        ["numQuads"] = 2728,
        ["numClasses"] = 3,
        ["classes"] = new JsonArray("http://example.org/Airport", "http://example.org/Country", "http://example.org/Continent"),
        ["predicates"] = new JsonArray(
            new JsonObject { ["http://example.org/code"] = 693 }, new JsonObject { ["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"] = 693 }),
        ["subjectStructures"] = new JsonArray(
            new JsonObject { ["count"] = 650, ["predicates"] = new JsonArray("http://example.org/code", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") }),
    };
}
