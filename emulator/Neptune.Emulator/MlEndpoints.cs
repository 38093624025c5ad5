using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neptune.Emulator;

/// <summary>
/// The model-training operations of Neptune's ML API:
/// <c>POST /ml/modeltraining</c> (Start), <c>GET /ml/modeltraining</c> (List),
/// <c>GET /ml/modeltraining/{id}</c> (Get) and <c>DELETE /ml/modeltraining/{id}</c> (Cancel).
/// </summary>
internal sealed class MlEndpoints
{
    private const string CollectionPath = "/ml/modeltraining";

    private readonly TrainingJobStore _jobs;
    private readonly NeptuneEmulatorOptions _options;

    public MlEndpoints(TrainingJobStore jobs, NeptuneEmulatorOptions options)
    {
        _jobs = jobs;
        _options = options;
    }

    /// <summary>Routes on the raw path (still percent-encoded), so an id sent as <c>a%2Fb</c> stays one segment.</summary>
    public EmulatorResponse Handle(string method, string rawPath, string rawQuery, byte[] body)
    {
        var segments = rawPath.Split('/');
        if (segments.Length is 3 or 4 && segments[0].Length == 0 && segments[1] == "ml" && segments[2] == "modeltraining")
        {
            if (segments.Length == 3 || segments[3].Length == 0)
            {
                return method switch
                {
                    "GET" => List(rawQuery),
                    "POST" => Start(body),
                    _ => MethodNotAllowed(method, CollectionPath, "GET, POST"),
                };
            }

            // The label is decoded exactly once: "team%2Fjob" is the id "team/job".
            var id = Uri.UnescapeDataString(segments[3]);
            return method switch
            {
                "GET" => Get(id, rawQuery),
                "DELETE" => Cancel(id, rawQuery),
                _ => MethodNotAllowed(method, CollectionPath + "/{id}", "GET, DELETE"),
            };
        }

        return EmulatorResponse.Failure(400, "UnsupportedOperationException",
            $"Unsupported operation: {method} {rawPath}. The emulator serves only /ml/modeltraining and /ml/modeltraining/{{id}}.");
    }

    private EmulatorResponse Cancel(string id, string rawQuery)
    {
        var query = QueryString.Parse(rawQuery);
        if (!TryGetSingle(query, "clean", out var cleanText, out var error))
        {
            return error;
        }

        bool? clean = null;
        if (cleanText is not null)
        {
            if (!bool.TryParse(cleanText, out var parsed) || cleanText.Trim().Length != cleanText.Length)
            {
                return InvalidParameter($"Invalid value '{cleanText}' for parameter 'clean': expected true or false.");
            }

            clean = parsed;
        }

        if (!TryGetSingle(query, "neptuneIamRoleArn", out var roleArn, out error))
        {
            return error;
        }

        EmulatorResponse? rejection = null;
        var found = _jobs.TryUpdate(id, job =>
        {
            rejection = null;
            if (TrainingJobStatus.IsTerminal(job.Status))
            {
                rejection = InvalidParameter(
                    string.Equals(job.Status, TrainingJobStatus.Stopped, StringComparison.OrdinalIgnoreCase)
                        ? $"Failed to stop the job '{id}' because it has already been stopped."
                        : $"Failed to stop the job '{id}' because it has already completed or failed (status {job.Status}).");
                return job;
            }

            return job with
            {
                Status = TrainingJobStatus.Stopping,
                Clean = clean ?? job.Clean,
                NeptuneIamRoleArn = roleArn ?? job.NeptuneIamRoleArn,
                CancelCount = job.CancelCount + 1,
            };
        }, out _);

        if (!found)
        {
            return NotFound(id);
        }

        return rejection ?? EmulatorResponse.Ok(new JsonObject { ["status"] = TrainingJobStatus.Stopping });
    }

    private EmulatorResponse Get(string id, string rawQuery)
    {
        if (!TryGetSingle(QueryString.Parse(rawQuery), "neptuneIamRoleArn", out _, out var error))
        {
            return error;
        }

        if (!_jobs.TryGet(id, out var job))
        {
            return NotFound(id);
        }

        return EmulatorResponse.Ok(new JsonObject
        {
            ["status"] = job.Status,
            ["id"] = job.Id,
            ["hpoJob"] = new JsonObject { ["name"] = job.Id, ["arn"] = job.Arn, ["status"] = job.Status },
        });
    }

    private EmulatorResponse List(string rawQuery)
    {
        var query = QueryString.Parse(rawQuery);
        if (!TryGetSingle(query, "maxItems", out var maxItemsText, out var error)
            || !TryGetSingle(query, "neptuneIamRoleArn", out _, out error))
        {
            return error;
        }

        var maxItems = 10;
        if (maxItemsText is not null
            && (!int.TryParse(maxItemsText, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems < 1 || maxItems > 1024))
        {
            return InvalidParameter($"Invalid value '{maxItemsText}' for parameter 'maxItems': expected an integer from 1 to 1024.");
        }

        var ids = new JsonArray();
        foreach (var job in _jobs.Snapshot())
        {
            if (ids.Count == maxItems)
            {
                break;
            }

            ids.Add((JsonNode)job.Id);
        }

        return EmulatorResponse.Ok(new JsonObject { ["ids"] = ids });
    }

    private EmulatorResponse Start(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return EmulatorResponse.Failure(400, "BadRequestException", "The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return EmulatorResponse.Failure(400, "BadRequestException", "The request body must be a JSON object.");
            }

            if (!TryGetString(root, "id", out var id, out var error)
                || !TryGetString(root, "dataProcessingJobId", out var dataProcessingJobId, out error)
                || !TryGetString(root, "trainModelS3Location", out var trainModelS3Location, out error)
                || !TryGetString(root, "neptuneIamRoleArn", out var roleArn, out error))
            {
                return error;
            }

            if (dataProcessingJobId is null)
            {
                return MissingParameter("dataProcessingJobId");
            }

            if (trainModelS3Location is null)
            {
                return MissingParameter("trainModelS3Location");
            }

            if (id is { Length: 0 })
            {
                return InvalidParameter("Invalid ID provided. The id cannot be empty.");
            }

            var job = _jobs.Create(id ?? Guid.NewGuid().ToString("D"), TrainingJobStatus.InProgress, dataProcessingJobId, trainModelS3Location, roleArn);
            if (!_jobs.TryAdd(job))
            {
                return InvalidParameter($"Another resource with same ID already exists. Please use a new ID. (id '{job.Id}')");
            }

            return EmulatorResponse.Ok(new JsonObject
            {
                ["id"] = job.Id,
                ["arn"] = job.Arn,
                ["creationTimeInMillis"] = job.CreatedAt.ToUnixTimeMilliseconds(),
            });
        }
    }

    private static bool TryGetSingle(List<(string Name, string Value)> query, string name, out string? value, out EmulatorResponse error)
    {
        value = null;
        error = null!;
        foreach (var pair in query)
        {
            if (pair.Name != name)
            {
                continue;
            }

            if (value is not null)
            {
                error = InvalidParameter($"The parameter '{name}' was given more than once.");
                return false;
            }

            value = pair.Value;
        }

        return true;
    }

    private static bool TryGetString(JsonElement root, string name, out string? value, out EmulatorResponse error)
    {
        value = null;
        error = null!;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = InvalidParameter($"The parameter '{name}' must be a string.");
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static EmulatorResponse NotFound(string id) =>
        EmulatorResponse.Failure(404, "MLResourceNotFoundException", $"No model training job with id '{id}' was found.");

    private static EmulatorResponse InvalidParameter(string message) =>
        EmulatorResponse.Failure(400, "InvalidParameterException", message);

    private static EmulatorResponse MissingParameter(string name) =>
        EmulatorResponse.Failure(400, "MissingParameterException", $"The required parameter '{name}' is missing.");

    private static EmulatorResponse MethodNotAllowed(string method, string path, string allow) =>
        EmulatorResponse.Failure(405, "MethodNotAllowedException", $"The method {method} is not allowed on {path}; allowed: {allow}.") with
        {
            ExtraHeaders = [new KeyValuePair<string, string>("Allow", allow)],
        };
}
