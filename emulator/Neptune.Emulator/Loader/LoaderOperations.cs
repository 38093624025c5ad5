using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Neptune.Emulator.Routing;

namespace Neptune.Emulator.Loader;

/// <summary>The four bulk-loader operations: start (<c>POST /loader</c>), status, list and cancel.</summary>
internal sealed class LoaderOperations
{
    private static readonly string[] Formats = ["csv", "opencypher", "ntriples", "nquads", "rdfxml", "turtle"];
    private static readonly string[] Modes = ["RESUME", "NEW", "AUTO"];
    private static readonly string[] Parallelisms = ["LOW", "MEDIUM", "HIGH", "OVERSUBSCRIBE"];

    /// <summary>The S3BucketRegion enum of the model.</summary>
    private static readonly string[] Regions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-north-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-central-1", "me-south-1", "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
        "ap-southeast-2", "ap-south-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1", "ca-west-1", "eu-south-2",
        "il-central-1", "me-central-1", "ap-northeast-3", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "mx-central-1", "ap-east-2", "ap-south-2", "eu-central-2",
    ];

    private readonly LoaderJobs _loads;
    private readonly NeptuneEmulatorOptions _options;

    public LoaderOperations(LoaderJobs loads, NeptuneEmulatorOptions options)
    {
        _loads = loads;
        _options = options;
    }

    public void Register(Router router)
    {
        router.Add("GET", "/loader", List);
        router.Add("POST", "/loader", Start);
        router.Add("GET", "/loader/{loadId}", Status);
        router.Add("DELETE", "/loader/{loadId}", Cancel);
    }

    private EmulatorResponse Start(EmulatorRequest request)
    {
        var body = request.Json();
        var source = body.RequiredS3Uri("source");
        var format = body.Enum("format", Formats) ?? throw Reject.MissingParameter("format");
        var region = body.Enum("region", Regions) ?? throw Reject.MissingParameter("region");
        var role = body.RequiredString("iamRoleArn");
        var mode = body.Enum("mode", Modes) ?? "AUTO";
        var failOnError = body.Bool("failOnError", allowText: true) ?? true;
        var parallelism = body.Enum("parallelism", Parallelisms) ?? "HIGH";
        var parser = body.StringMap("parserConfiguration") ?? new Dictionary<string, string>();
        body.Bool("updateSingleCardinalityProperties", allowText: true);
        var queue = body.Bool("queueRequest", allowText: true) ?? false;
        var dependencies = body.StringList("dependencies") ?? [];
        var edgeIds = body.Bool("userProvidedEdgeIds", allowText: true);
        body.Bool("edgeOnlyLoad", allowText: true);

        if (!role.Split(',').All(static arn => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Contains(":role/", StringComparison.Ordinal)))
        {
            throw Reject.InvalidParameter($"Invalid iamRoleArn '{role}': expected an IAM role ARN (or a comma-separated chain of them).");
        }

        if (region != _options.Region)
        {
            throw Reject.InvalidParameter($"The S3 bucket region '{region}' must be the DB cluster's region '{_options.Region}'.");
        }

        if (edgeIds is not null && format != "opencypher")
        {
            throw Reject.InvalidParameter("userProvidedEdgeIds is only valid with the opencypher format.");
        }

        if (dependencies.Count > 0 && !queue)
        {
            throw Reject.InvalidParameter("dependencies can only be given with queueRequest set to true.");
        }

        if (dependencies.FirstOrDefault(d => !_loads.Exists(d)) is { } unknown)
        {
            throw NotFound(unknown);
        }

        if (_loads.IsDenied(source))
        {
            throw Reject.With(400, "LoadUrlAccessDeniedException", $"Failed to start new load from the source {source}. Couldn't access the source with the role {role}.");
        }

        var job = new LoadJob
        {
            LoadId = Guid.NewGuid().ToString("D"),
            Status = LoadStatus.InQueue,
            Source = source,
            Format = format,
            IamRoleArn = role,
            Mode = mode,
            Parallelism = parallelism,
            FailOnError = failOnError,
            QueueRequest = queue,
            Dependencies = dependencies,
            ParserConfiguration = parser,
            SubmittedAt = request.Now,
        };
        if (_loads.TryAdd(job) is { } refusal)
        {
            throw Reject.BadRequest(refusal);
        }

        return Router.Ok(new JsonObject { ["status"] = "200 OK", ["payload"] = new JsonObject { ["loadId"] = job.LoadId } });
    }

    private EmulatorResponse Status(EmulatorRequest request)
    {
        var loadId = request.Label("loadId");
        var details = request.QueryBool("details") ?? false;
        var errors = request.QueryBool("errors") ?? false;
        var page = request.QueryInt("page", 1, int.MaxValue);
        var perPage = request.QueryInt("errorsPerPage", 1, int.MaxValue);
        if (!errors && (page is not null || perPage is not null))
        {
            throw Reject.InvalidParameter("page and errorsPerPage are only valid with errors set to true.");
        }

        if (!_loads.TryGet(loadId, out var job))
        {
            throw NotFound(loadId);
        }

        var now = _options.TimeProvider.GetUtcNow();
        var payload = new JsonObject { ["overallStatus"] = Feed(job, now) };
        if (details)
        {
            payload["feedCount"] = new JsonArray(new JsonObject { [job.Status] = 1 });
            if (job.Status is LoadStatus.Failed)
            {
                payload["failedFeeds"] = new JsonArray(Feed(job, now));
            }
        }

        if (errors)
        {
            var size = perPage ?? 10;
            var first = ((page ?? 1) - 1) * size;
            var logs = new JsonArray();
            var reported = LoadStatus.IsTerminal(job.Status) ? job.ParsingErrors : 0;
            for (var i = first; i < Math.Min(reported, first + size); i++)
            {
                logs.Add((JsonNode)new JsonObject
                {
                    ["errorCode"] = "PARSING_ERROR",
                    ["errorMessage"] = $"Invalid record: expected {job.Format} data.",
                    ["fileName"] = job.Source,
                    ["recordNum"] = i + 1,
                });
            }

            payload["errors"] = new JsonObject
            {
                ["startIndex"] = logs.Count == 0 ? 0 : first + 1,
                ["endIndex"] = logs.Count == 0 ? 0 : first + logs.Count,
                ["loadId"] = job.LoadId,
                ["errorLogs"] = logs,
            };
        }

        return Router.Ok(new JsonObject { ["status"] = "200 OK", ["payload"] = payload });
    }

    private EmulatorResponse List(EmulatorRequest request)
    {
        var limit = request.QueryInt("limit", 1, 100) ?? 100;
        var includeQueued = request.QueryBool("includeQueuedLoads") ?? true;
        var jobs = _loads.Jobs;

        // Neptune lists queued loads first, then the others; each group most recent first.
        var ids = jobs.Where(static j => j.Status == LoadStatus.InQueue).Reverse().Where(_ => includeQueued)
            .Concat(jobs.Where(static j => j.Status != LoadStatus.InQueue).Reverse())
            .Take(limit)
            .Select(static j => (JsonNode)j.LoadId);
        return Router.Ok(new JsonObject
        {
            ["status"] = "200 OK",
            ["payload"] = new JsonObject { ["loadIds"] = new JsonArray(ids.ToArray()) },
        });
    }

    private EmulatorResponse Cancel(EmulatorRequest request)
    {
        var loadId = request.Label("loadId");
        var before = _loads.Cancel(loadId, request.Now) ?? throw NotFound(loadId);
        if (LoadStatus.IsTerminal(before.Status))
        {
            throw Reject.InvalidParameter($"The load '{loadId}' cannot be cancelled: it has already finished ({before.Status}).");
        }

        return Router.Ok(new JsonObject { ["status"] = "200 OK" });
    }

    private static JsonObject Feed(LoadJob job, DateTimeOffset now)
    {
        var started = job.StartedAt;
        var ended = job.EndsAt is { } end && end <= now ? end : now;
        var spent = started is null ? 0 : Math.Max(0, (ended - started.Value).TotalSeconds);
        var records = job.Status switch
        {
            LoadStatus.Completed or LoadStatus.Failed => LoaderJobs.RecordsPerLoad,
            LoadStatus.InProgress when started is not null && job.EndsAt is { } endsAt && endsAt > started =>
                (long)(LoaderJobs.RecordsPerLoad * Math.Min(1, spent / (endsAt - started.Value).TotalSeconds)),
            _ => 0,
        };
        return new JsonObject
        {
            ["fullUri"] = job.Source,
            ["runNumber"] = 1,
            ["retryNumber"] = 0,
            ["status"] = job.Status,
            ["totalTimeSpent"] = Math.Round(spent, 1),
            ["startTime"] = (started ?? job.SubmittedAt).ToUnixTimeSeconds(),
            ["totalRecords"] = records,
            ["totalDuplicates"] = 0,
            ["parsingErrors"] = LoadStatus.IsTerminal(job.Status) ? job.ParsingErrors : 0,
            ["datatypeMismatchErrors"] = 0,
            ["insertErrors"] = 0,
        };
    }

    private static Reject NotFound(string loadId) =>
        Reject.With(404, "BulkLoadIdNotFoundException", $"The load with id '{loadId}' does not exist or is not active.");
}
