using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Neptune.Emulator.Routing;

namespace Neptune.Emulator.Engine;

/// <summary>
/// Engine status (<c>GET /status</c>), fast reset (<c>POST /system</c>), property-graph and RDF statistics
/// (get, manage, delete) and graph summaries (basic, detailed).
/// </summary>
internal sealed class EngineOperations
{
    private static readonly string[] ResetActions = ["initiateDatabaseReset", "performDatabaseReset"];
    private static readonly string[] StatisticsModes = ["disableAutoCompute", "enableAutoCompute", "refresh"];

    private readonly NeptuneEmulator _emulator;

    public EngineOperations(NeptuneEmulator emulator) => _emulator = emulator;

    public void Register(Router router)
    {
        router.Add("GET", "/status", _ => Router.Ok(_emulator.Engine.ToJson()));
        router.Add("POST", "/system", FastReset);

        foreach (var (prefix, sparql) in new[] { ("/propertygraph", false), ("/sparql", true) })
        {
            router.Add("GET", prefix + "/statistics", request => GetStatistics(Statistics(sparql)));
            router.Add("POST", prefix + "/statistics", request => ManageStatistics(Statistics(sparql), request));
            router.Add("DELETE", prefix + "/statistics", request => DeleteStatistics(Statistics(sparql)));
        }

        router.Add("GET", "/propertygraph/statistics/summary", request => Summary(_emulator.PropertyGraphStatistics, request, "nodeStructures", "edgeStructures"));
        router.Add("GET", "/rdf/statistics/summary", request => Summary(_emulator.RdfStatistics, request, "subjectStructures"));
    }

    private GraphStatistics Statistics(bool sparql) => sparql ? _emulator.RdfStatistics : _emulator.PropertyGraphStatistics;

    private EmulatorResponse FastReset(EmulatorRequest request)
    {
        var body = request.Json();
        var action = body.Enum("action", ResetActions) ?? throw Reject.MissingParameter("action");
        var token = body.String("token");
        RejectOnReader("A fast reset");
        if (action == "initiateDatabaseReset")
        {
            return Router.Ok(new JsonObject
            {
                ["status"] = "200 OK",
                ["payload"] = new JsonObject { ["token"] = _emulator.Engine.InitiateReset(request.Now) },
            });
        }

        if (token is null)
        {
            throw Reject.MissingParameter("token");
        }

        if (!_emulator.Engine.TryPerformReset(token, request.Now))
        {
            throw Reject.InvalidParameter("The fast-reset token is invalid or has expired: call initiateDatabaseReset for a new one (tokens are valid for one hour and can be used once).");
        }

        _emulator.ResetData();
        return Router.Ok(new JsonObject { ["status"] = "200 OK" });
    }

    private static EmulatorResponse GetStatistics(GraphStatistics statistics)
    {
        RequireAvailable(statistics);
        var summary = statistics.GraphSummary;
        return Router.Ok(new JsonObject
        {
            ["status"] = "200 OK",
            ["payload"] = new JsonObject
            {
                ["autoCompute"] = statistics.AutoCompute,
                ["active"] = true,
                ["statisticsId"] = statistics.StatisticsId,
                ["date"] = Timestamp(statistics.ComputedAt!.Value),
                ["note"] = "Statistics computed by the Neptune emulator.",
                ["signatureInfo"] = new JsonObject
                {
                    ["signatureCount"] = Count(summary, "numNodeLabels", "numClasses") + Count(summary, "numEdgeLabels", "numDistinctPredicates"),
                    ["instanceCount"] = Count(summary, "numNodes", "numDistinctSubjects"),
                    ["predicateCount"] = Count(summary, "numNodeProperties", "numDistinctPredicates"),
                },
            },
        });
    }

    private EmulatorResponse ManageStatistics(GraphStatistics statistics, EmulatorRequest request)
    {
        var mode = request.Json().Enum("mode", StatisticsModes) ?? "refresh";
        RejectOnReader("Managing statistics");
        var json = new JsonObject { ["status"] = "200 OK" };
        switch (mode)
        {
            case "refresh":
                json["payload"] = new JsonObject { ["statisticsId"] = statistics.Refresh() };
                break;
            case "enableAutoCompute":
                statistics.AutoCompute = true;
                break;
            default:
                statistics.AutoCompute = false;
                break;
        }

        return Router.Ok(json);
    }

    private EmulatorResponse DeleteStatistics(GraphStatistics statistics)
    {
        RejectOnReader("Deleting statistics");
        statistics.Delete();
        return Router.Ok(new JsonObject
        {
            ["status"] = "200 OK",
            ["payload"] = new JsonObject { ["active"] = false, ["statisticsId"] = "-1" },
        });
    }

    private static EmulatorResponse Summary(GraphStatistics statistics, EmulatorRequest request, params string[] detailedOnly)
    {
        var mode = request.QueryEnum("mode", "basic", "detailed") ?? "basic";
        RequireAvailable(statistics);
        var summary = (JsonObject)statistics.GraphSummary.DeepClone();
        if (mode == "basic")
        {
            foreach (var name in detailedOnly)
            {
                summary.Remove(name);
            }
        }

        return Router.Ok(new JsonObject
        {
            ["status"] = "200 OK",
            ["payload"] = new JsonObject
            {
                ["version"] = "v1",
                ["lastStatisticsComputationTime"] = Timestamp(statistics.ComputedAt!.Value),
                ["graphSummary"] = summary,
            },
        });
    }

    private void RejectOnReader(string what)
    {
        if (_emulator.Engine.IsReader)
        {
            throw Reject.With(400, "ReadOnlyViolationException", $"{what} is not allowed on a read replica (the emulator's Engine.Role is reader).");
        }
    }

    private static void RequireAvailable(GraphStatistics statistics)
    {
        if (!statistics.Available)
        {
            throw Reject.With(400, "StatisticsNotAvailableException", "Statistics are not available: compute them with mode refresh first.");
        }
    }

    private static long Count(JsonObject summary, string name, string alternative) =>
        (summary[name] ?? summary[alternative]) is JsonValue value
        && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
