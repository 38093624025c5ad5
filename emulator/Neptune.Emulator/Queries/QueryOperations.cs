using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.Emulator.Routing;

namespace Neptune.Emulator.Queries;

/// <summary>
/// Gremlin and openCypher over HTTP: execute, explain, profile (Gremlin), status, list and cancel.
/// Results come from the registered <see cref="QueryResponders"/>.
/// </summary>
internal sealed class QueryOperations
{
    private static readonly string[] ExplainModes = ["static", "dynamic", "details"];

    private readonly QueryResponders _gremlin;
    private readonly QueryResponders _openCypher;
    private readonly NeptuneEmulatorOptions _options;

    public QueryOperations(QueryResponders gremlin, QueryResponders openCypher, NeptuneEmulatorOptions options)
    {
        _gremlin = gremlin;
        _openCypher = openCypher;
        _options = options;
    }

    public void Register(Router router)
    {
        router.Add("POST", "/gremlin", ExecuteGremlinAsync);
        router.Add("POST", "/gremlin/explain", GremlinExplain);
        router.Add("POST", "/gremlin/profile", GremlinProfile);
        router.Add("GET", "/gremlin/status", request => List(_gremlin, request));
        router.Add("GET", "/gremlin/status/{queryId}", request => Status(_gremlin, request));
        router.Add("DELETE", "/gremlin/status/{queryId}", request => Cancel(_gremlin, request));

        router.Add("POST", "/opencypher", ExecuteOpenCypherAsync);
        router.Add("POST", "/opencypher/explain", OpenCypherExplain);
        router.Add("GET", "/opencypher/status", request => List(_openCypher, request));
        router.Add("GET", "/opencypher/status/{queryId}", request => Status(_openCypher, request));
        router.Add("DELETE", "/opencypher/status/{queryId}", request => Cancel(_openCypher, request));
    }

    private async ValueTask<EmulatorResponse> ExecuteGremlinAsync(EmulatorRequest request)
    {
        var query = request.Json().RequiredString("gremlin");
        if (request.Header("Accept") is { } accept && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            throw Reject.BadRequest($"Unsupported serializer '{accept}': the emulator answers GraphSON (JSON) only.");
        }

        var (queryId, data) = await RunAsync(_gremlin, query, request).ConfigureAwait(false);
        var emptyMap = new JsonObject { ["@type"] = "g:Map", ["@value"] = new JsonArray() };
        return Router.Ok(new JsonObject
        {
            ["requestId"] = queryId,
            ["status"] = new JsonObject { ["message"] = "", ["code"] = 200, ["attributes"] = emptyMap.DeepClone() },
            ["result"] = new JsonObject { ["data"] = data, ["meta"] = emptyMap },
        });
    }

    private async ValueTask<EmulatorResponse> ExecuteOpenCypherAsync(EmulatorRequest request)
    {
        var body = request.Json();
        var query = body.RequiredString("query");
        ValidateParameters(body);
        var (_, results) = await RunAsync(_openCypher, query, request).ConfigureAwait(false);
        return Router.Ok(new JsonObject { ["results"] = results });
    }

    /// <summary>Finds the responder; a responder with a duration runs on the clock until it ends or is cancelled.</summary>
    private async ValueTask<(string QueryId, JsonNode Result)> RunAsync(QueryResponders responders, string query, EmulatorRequest request)
    {
        var responder = responders.Find(query);
        if (responder.Error is { } error)
        {
            throw Reject.With(error.StatusCode, error.ErrorCode!, error.ErrorMessage!);
        }

        var running = responders.Start(query, request.Now);
        try
        {
            var endsAt = request.Now + responder.Duration;
            while (_options.TimeProvider.GetUtcNow() < endsAt && !running.IsCancelled)
            {
                // Poll the emulator's clock: a test's fake clock moves without timers.
                await Task.Delay(TimeSpan.FromMilliseconds(10), request.Aborted).ConfigureAwait(false);
            }

            if (running.IsCancelled && running.IsSilent)
            {
                return (running.QueryId, new JsonArray());
            }

            if (running.IsCancelled)
            {
                throw Reject.With(500, "CancelledByUserException", $"Operation terminated (cancelled by user): query {running.QueryId}.");
            }

            return (running.QueryId, responder.Result!.DeepClone());
        }
        finally
        {
            responders.End(running);
        }
    }

    private EmulatorResponse GremlinExplain(EmulatorRequest request)
    {
        var query = request.Json().RequiredString("gremlin");
        _gremlin.Find(query);
        var text = new StringBuilder()
            .AppendLine("*******************************************************")
            .AppendLine("                Neptune Gremlin Explain")
            .AppendLine("*******************************************************")
            .AppendLine()
            .AppendLine("Query String").AppendLine("============").AppendLine(query).AppendLine()
            .AppendLine("Original Traversal").AppendLine("==================").AppendLine(Traversal(query)).AppendLine()
            .AppendLine("Optimized Traversal").AppendLine("===================").AppendLine("Neptune steps: [NeptuneGraphQueryStep(Vertex)]").AppendLine()
            .AppendLine("Predicates").AppendLine("==========").AppendLine("# of predicates: 0").AppendLine()
            .ToString();
        return Text(request, text);
    }

    private EmulatorResponse GremlinProfile(EmulatorRequest request)
    {
        var body = request.Json();
        var query = body.RequiredString("gremlin");
        var results = body.Bool("profile.results") ?? true;
        var chop = body.Int("profile.chop", min: 0) ?? 250;
        var serializer = body.String("profile.serializer");
        var indexOps = body.Bool("profile.indexOps") ?? false;
        var responder = _gremlin.Find(query);
        if (responder.Error is { } error)
        {
            throw Reject.With(error.StatusCode, error.ErrorCode!, error.ErrorMessage!);
        }

        var data = responder.Result!;
        var count = data is JsonObject o && o["@value"] is JsonArray items ? items.Count : data is JsonArray array ? array.Count : 1;
        var text = new StringBuilder()
            .AppendLine("*******************************************************")
            .AppendLine("                Neptune Gremlin Profile")
            .AppendLine("*******************************************************")
            .AppendLine()
            .AppendLine("Query String").AppendLine("==================").AppendLine(query).AppendLine()
            .AppendLine("Original Traversal").AppendLine("==================").AppendLine(Traversal(query)).AppendLine()
            .AppendLine("Runtime (ms)").AppendLine("============").AppendLine("Query Execution: 0.000").AppendLine();
        if (results)
        {
            var output = data.ToJsonString();
            if (chop > 0 && output.Length > chop)
            {
                output = output[..chop] + "...";
            }

            text.AppendLine("Results").AppendLine("=======").AppendLine($"Count: {count}").AppendLine($"Output: {output}");
            if (serializer is not null)
            {
                text.AppendLine($"Serializer: {serializer}");
            }

            text.AppendLine();
        }

        if (indexOps)
        {
            text.AppendLine("Index Operations").AppendLine("================").AppendLine("Query execution:").AppendLine("    # of statement index ops: 0").AppendLine();
        }

        return Text(request, text.ToString());
    }

    private EmulatorResponse OpenCypherExplain(EmulatorRequest request)
    {
        var body = request.Json();
        var query = body.RequiredString("query");
        var mode = body.Enum("explain", ExplainModes) ?? throw Reject.MissingParameter("explain");
        ValidateParameters(body);
        _openCypher.Find(query);
        var text = new StringBuilder()
            .AppendLine($"Query:\n{query}\n")
            .AppendLine($"Explain mode: {mode}")
            .AppendLine("╔════╤════════╤════════╤═══════════════════╤════════════╗")
            .AppendLine("║ ID │ Out #1 │ Out #2 │ Name              │ Arguments  ║")
            .AppendLine("╠════╪════════╪════════╪═══════════════════╪════════════╣")
            .AppendLine("║ 0  │ 1      │ -      │ SolutionInjection │ solutions  ║")
            .AppendLine("╟────┼────────┼────────┼───────────────────┼────────────╢")
            .AppendLine("║ 1  │ -      │ -      │ TermResolution    │ vars=[]    ║")
            .AppendLine("╚════╧════════╧════════╧═══════════════════╧════════════╝")
            .ToString();
        return Text(request, text);
    }

    private EmulatorResponse List(QueryResponders responders, EmulatorRequest request)
    {
        request.QueryBool("includeWaiting");
        var running = responders.Running;
        var queries = new JsonArray(running.Select(q => (JsonNode)Describe(q, request.Now)).ToArray());
        return Router.Ok(new JsonObject
        {
            ["acceptedQueryCount"] = running.Count,
            ["runningQueryCount"] = running.Count,
            ["queries"] = queries,
        });
    }

    private EmulatorResponse Status(QueryResponders responders, EmulatorRequest request)
    {
        var queryId = request.Label("queryId");
        return responders.TryGetRunning(queryId, out var query)
            ? Router.Ok(Describe(query, request.Now))
            : throw UnknownQuery(queryId);
    }

    private EmulatorResponse Cancel(QueryResponders responders, EmulatorRequest request)
    {
        var queryId = request.Label("queryId");
        var silent = responders == _openCypher ? request.QueryBool("silent") : null;
        if (!responders.TryGetRunning(queryId, out var query))
        {
            throw UnknownQuery(queryId);
        }

        query.Cancel(silent == true);
        var json = new JsonObject { ["status"] = "200 OK" };
        if (responders == _openCypher)
        {
            json["payload"] = true;
        }

        return Router.Ok(json);
    }

    private static JsonObject Describe(RunningQuery query, DateTimeOffset now) => new()
    {
        ["queryId"] = query.QueryId,
        ["queryString"] = query.QueryString,
        ["queryEvalStats"] = new JsonObject
        {
            ["waited"] = 0,
            ["elapsed"] = (int)Math.Max(0, (now - query.StartedAt).TotalMilliseconds),
            ["cancelled"] = query.IsCancelled,
        },
    };

    /// <summary>openCypher <c>parameters</c> is a string holding a JSON object.</summary>
    private static void ValidateParameters(JsonBody body)
    {
        if (body.String("parameters") is not { } parameters)
        {
            return;
        }

        try
        {
            if (JsonNode.Parse(parameters) is JsonObject)
            {
                return;
            }
        }
        catch (JsonException)
        {
        }

        throw Reject.InvalidParameter("The parameter 'parameters' must be a JSON object in a string, for example {\"name\":\"value\"}.");
    }

    private static string Traversal(string query) =>
        "[" + string.Join(", ", query.Split('.').Skip(1).Select(static step => step.Split('(')[0] + "Step")) + "]";

    private static EmulatorResponse Text(EmulatorRequest request, string text) =>
        EmulatorResponse.Raw(200, "text/plain; charset=UTF-8", text) with
        {
            ExtraHeaders = [new(NeptuneEmulator.RequestIdHeader, request.RequestId)],
        };

    private static Reject UnknownQuery(string queryId) =>
        Reject.InvalidParameter($"Supplied queryId {queryId} does not exist.");
}
