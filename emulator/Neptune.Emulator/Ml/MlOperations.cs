using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Neptune.Emulator.Routing;

namespace Neptune.Emulator.Ml;

/// <summary>
/// The 16 Neptune ML operations: start, get, list and cancel (delete for endpoints) of data-processing,
/// model-training and model-transform jobs and of inference endpoints.
/// </summary>
internal sealed class MlOperations
{
    private static readonly string[] ModelTypes = ["heterogeneous", "kge"];

    private readonly MlJobs _jobs;
    private readonly NeptuneEmulatorOptions _options;

    public MlOperations(MlJobs jobs, NeptuneEmulatorOptions options)
    {
        _jobs = jobs;
        _options = options;
    }

    public void Register(Router router)
    {
        foreach (var (kind, path) in new[]
        {
            (MlJobKind.DataProcessing, "/ml/dataprocessing"),
            (MlJobKind.ModelTraining, "/ml/modeltraining"),
            (MlJobKind.ModelTransform, "/ml/modeltransform"),
            (MlJobKind.Endpoint, "/ml/endpoints"),
        })
        {
            router.Add("GET", path, request => List(kind, request));
            router.Add("POST", path, request => Start(kind, request));
            router.Add("GET", path + "/{id}", request => Get(kind, request));
            router.Add("DELETE", path + "/{id}", request => Cancel(kind, request));
        }
    }

    private EmulatorResponse Start(MlJobKind kind, EmulatorRequest request)
    {
        var body = request.Json();
        var id = body.String("id");
        if (id is { Length: 0 })
        {
            throw Reject.InvalidParameter("Invalid ID provided. The id cannot be empty.");
        }

        var parameters = kind switch
        {
            MlJobKind.DataProcessing => ValidateDataProcessing(body),
            MlJobKind.ModelTraining => ValidateTraining(body),
            MlJobKind.ModelTransform => ValidateTransform(body),
            _ => ValidateEndpoint(body),
        };

        var role = body.String("neptuneIamRoleArn");
        if (role is not null)
        {
            parameters["neptuneIamRoleArn"] = role;
        }

        id ??= Guid.NewGuid().ToString("D");
        var job = _jobs.Create(kind, id, kind == MlJobKind.Endpoint ? MlJobStatus.Creating : MlJobStatus.InProgress, parameters,
            request.Now + _options.MlJobDuration);

        if (kind == MlJobKind.Endpoint && body.Bool("update") == true)
        {
            // update: the existing endpoint is reconfigured and goes through Creating again.
            if (!_jobs.TryUpdate(kind, id, existing => job with { CreatedAt = existing.CreatedAt, Sequence = existing.Sequence }, out var updated))
            {
                throw NotFound(kind, id);
            }

            job = updated;
        }
        else if (!_jobs.TryAdd(job))
        {
            throw Reject.InvalidParameter($"Another resource with same ID already exists. Please use a new ID. (id '{job.Id}')");
        }

        return Router.Ok(new JsonObject
        {
            ["id"] = job.Id,
            ["arn"] = job.Arn,
            ["creationTimeInMillis"] = job.CreatedAt.ToUnixTimeMilliseconds(),
        });
    }

    private EmulatorResponse Get(MlJobKind kind, EmulatorRequest request)
    {
        var id = request.Label("id");
        request.Query("neptuneIamRoleArn");
        if (!_jobs.TryGet(kind, id, out var job))
        {
            throw NotFound(kind, id);
        }

        var json = new JsonObject { ["status"] = job.Status, ["id"] = job.Id };
        switch (kind)
        {
            case MlJobKind.DataProcessing:
                json["processingJob"] = Resource(job.Id, job.Arn, job, job.Parameter("processedDataS3Location"));
                break;
            case MlJobKind.ModelTraining:
                if (job.Parameter("dataProcessingJobId") is { } processing)
                {
                    json["processingJob"] = Resource(processing, _jobs.ArnFor(MlJobKind.DataProcessing, processing), status: MlJobStatus.Completed);
                }

                json["hpoJob"] = Resource(job.Id, job.Arn, job, job.Parameter("trainModelS3Location"));
                if (job.Status == MlJobStatus.Completed)
                {
                    json["mlModels"] = new JsonArray(Model(job));
                }

                break;
            case MlJobKind.ModelTransform:
                var source = job.Parameter("mlModelTrainingJobId") ?? job.Parameter("trainingJobName");
                if (source is not null)
                {
                    json["baseProcessingJob"] = Resource(source + "-base", _jobs.ArnFor(MlJobKind.DataProcessing, source + "-base"), status: MlJobStatus.Completed);
                }

                json["remoteModelTransformJob"] = Resource(job.Id, job.Arn, job, job.Parameter("modelTransformOutputS3Location"));
                if (job.Status == MlJobStatus.Completed)
                {
                    json["models"] = new JsonArray(Model(job));
                }

                break;
            default:
                json["endpoint"] = Resource(job.Id, job.Arn, job);
                json["endpointConfig"] = new JsonObject
                {
                    ["name"] = job.Id + "-config",
                    ["arn"] = $"arn:aws:sagemaker:{_options.Region}:{_options.AccountId}:endpoint-config/{job.Id}-config",
                };
                break;
        }

        return Router.Ok(json);
    }

    private EmulatorResponse List(MlJobKind kind, EmulatorRequest request)
    {
        var maxItems = request.QueryInt("maxItems", 1, 1024) ?? 10;
        request.Query("neptuneIamRoleArn");
        var ids = new JsonArray();
        foreach (var job in _jobs.List(kind).Take(maxItems))
        {
            ids.Add((JsonNode)job.Id);
        }

        return Router.Ok(new JsonObject { ["ids"] = ids });
    }

    private EmulatorResponse Cancel(MlJobKind kind, EmulatorRequest request)
    {
        var id = request.Label("id");
        var clean = request.QueryBool("clean");
        var role = request.Query("neptuneIamRoleArn");
        var stopping = kind == MlJobKind.Endpoint ? MlJobStatus.Deleting : MlJobStatus.Stopping;

        EmulatorResponse? rejection = null;
        var found = _jobs.TryUpdate(kind, id, job =>
        {
            rejection = null;
            if (kind != MlJobKind.Endpoint && MlJobStatus.IsTerminal(job.Status))
            {
                rejection = EmulatorResponse.Failure(400, "InvalidParameterException",
                    string.Equals(job.Status, MlJobStatus.Stopped, StringComparison.OrdinalIgnoreCase)
                        ? $"Failed to stop the job '{id}' because it has already been stopped."
                        : $"Failed to stop the job '{id}' because it has already completed or failed (status {job.Status}).");
                return job;
            }

            return job with
            {
                Status = stopping,
                Clean = clean ?? job.Clean,
                NeptuneIamRoleArn = role ?? job.NeptuneIamRoleArn,
                CancelCount = job.CancelCount + 1,
                CompletesAt = null,
                // A job added by a test keeps its status; one started through the API stops on the clock.
                StopsAt = job.Status == stopping ? job.StopsAt : !job.OnClock ? null : request.Now + _options.MlStopDuration,
            };
        }, out _);

        if (!found)
        {
            throw NotFound(kind, id);
        }

        return rejection ?? Router.Ok(new JsonObject { ["status"] = stopping });
    }

    private static Dictionary<string, string> ValidateDataProcessing(JsonBody body)
    {
        var parameters = Strings(body, "previousDataProcessingJobId", "sagemakerIamRoleArn", "processingInstanceType", "configFileName",
            "volumeEncryptionKMSKey", "s3OutputEncryptionKMSKey");
        parameters["inputDataS3Location"] = body.RequiredS3Uri("inputDataS3Location");
        parameters["processedDataS3Location"] = body.RequiredS3Uri("processedDataS3Location");
        body.Int("processingInstanceVolumeSizeInGB", min: 0);
        body.Int("processingTimeOutInSeconds", min: 1);
        if (body.Enum("modelType", ModelTypes) is { } modelType)
        {
            parameters["modelType"] = modelType;
        }

        body.StringList("subnets");
        body.StringList("securityGroupIds");
        return parameters;
    }

    private static Dictionary<string, string> ValidateTraining(JsonBody body)
    {
        var parameters = Strings(body, "previousModelTrainingJobId", "sagemakerIamRoleArn", "baseProcessingInstanceType", "trainingInstanceType",
            "volumeEncryptionKMSKey", "s3OutputEncryptionKMSKey");
        parameters["dataProcessingJobId"] = body.RequiredString("dataProcessingJobId");
        parameters["trainModelS3Location"] = body.RequiredString("trainModelS3Location");
        body.Int("trainingInstanceVolumeSizeInGB", min: 0);
        body.Int("trainingTimeOutInSeconds", min: 1);
        body.Int("maxHPONumberOfTrainingJobs", min: 1);
        body.Int("maxHPOParallelTrainingJobs", min: 1);
        body.Bool("enableManagedSpotTraining");
        body.StringList("subnets");
        body.StringList("securityGroupIds");
        if (body.Object("customModelTrainingParameters") is { } custom)
        {
            parameters["customModelTrainingParameters.sourceS3DirectoryPath"] = custom.RequiredS3Uri("sourceS3DirectoryPath");
            custom.String("trainingEntryPointScript");
            custom.String("transformEntryPointScript");
        }

        return parameters;
    }

    private static Dictionary<string, string> ValidateTransform(JsonBody body)
    {
        var parameters = Strings(body, "dataProcessingJobId", "mlModelTrainingJobId", "trainingJobName", "sagemakerIamRoleArn",
            "baseProcessingInstanceType", "volumeEncryptionKMSKey", "s3OutputEncryptionKMSKey");
        parameters["modelTransformOutputS3Location"] = body.RequiredS3Uri("modelTransformOutputS3Location");

        // Neptune ML documents two ways to name the model: a data-processing and a training job id, or a SageMaker training job name.
        var byJobs = parameters.ContainsKey("mlModelTrainingJobId") || parameters.ContainsKey("dataProcessingJobId");
        if (byJobs && parameters.ContainsKey("trainingJobName"))
        {
            throw Reject.InvalidParameter("Give either dataProcessingJobId and mlModelTrainingJobId, or trainingJobName, not both.");
        }

        if (!byJobs && !parameters.ContainsKey("trainingJobName"))
        {
            throw Reject.With(400, "MissingParameterException",
                "The required parameters are missing: give dataProcessingJobId and mlModelTrainingJobId, or trainingJobName.");
        }

        if (byJobs && !(parameters.ContainsKey("mlModelTrainingJobId") && parameters.ContainsKey("dataProcessingJobId")))
        {
            throw Reject.MissingParameter(parameters.ContainsKey("mlModelTrainingJobId") ? "dataProcessingJobId" : "mlModelTrainingJobId");
        }

        body.Int("baseProcessingInstanceVolumeSizeInGB", min: 0);
        body.StringList("subnets");
        body.StringList("securityGroupIds");
        if (body.Object("customModelTransformParameters") is { } custom)
        {
            parameters["customModelTransformParameters.sourceS3DirectoryPath"] = custom.RequiredS3Uri("sourceS3DirectoryPath");
            custom.String("transformEntryPointScript");
        }

        return parameters;
    }

    private static Dictionary<string, string> ValidateEndpoint(JsonBody body)
    {
        var parameters = Strings(body, "mlModelTrainingJobId", "mlModelTransformJobId", "modelName", "instanceType", "volumeEncryptionKMSKey");
        var training = parameters.ContainsKey("mlModelTrainingJobId");
        var transform = parameters.ContainsKey("mlModelTransformJobId");
        if (training && transform)
        {
            throw Reject.InvalidParameter("Give either mlModelTrainingJobId or mlModelTransformJobId, not both.");
        }

        if (!training && !transform && body.Bool("update") != true)
        {
            throw Reject.With(400, "MissingParameterException", "The required parameter is missing: give mlModelTrainingJobId or mlModelTransformJobId.");
        }

        if (body.Int("instanceCount", min: 1) is { } count)
        {
            parameters["instanceCount"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return parameters;
    }

    private static Dictionary<string, string> Strings(JsonBody body, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (body.String(name) is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static JsonObject Resource(string name, string arn, MlJob? job = null, string? outputLocation = null, string? status = null)
    {
        var json = new JsonObject { ["name"] = name, ["arn"] = arn, ["status"] = status ?? job!.Status };
        if (outputLocation is not null)
        {
            json["outputLocation"] = outputLocation;
        }

        if (job?.FailureReason is { } reason)
        {
            json["failureReason"] = reason;
        }

        return json;
    }

    private JsonObject Model(MlJob job) => new()
    {
        ["name"] = job.Id + "-model",
        ["arn"] = $"arn:aws:sagemaker:{_options.Region}:{_options.AccountId}:model/{job.Id}-model",
    };

    private static Reject NotFound(MlJobKind kind, string id)
    {
        var what = kind switch
        {
            MlJobKind.DataProcessing => "data processing job",
            MlJobKind.ModelTraining => "model training job",
            MlJobKind.ModelTransform => "model transform job",
            _ => "inference endpoint",
        };
        return Reject.With(404, "MLResourceNotFoundException", $"No {what} with id '{id}' was found.");
    }
}
