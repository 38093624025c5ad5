using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The 16 Neptune ML operations: data processing, model training, model transform and inference endpoints.</summary>
public sealed class MlOperationTests
{
    public static TheoryData<string, string, string> Families => new()
    {
        { "dataprocessing", """{"id":"job-1","inputDataS3Location":"s3://in/graph","processedDataS3Location":"s3://out/processed"}""", "processingJob" },
        { "modeltraining", """{"id":"job-1","dataProcessingJobId":"dp-1","trainModelS3Location":"s3://out/train"}""", "hpoJob" },
        { "modeltransform", """{"id":"job-1","dataProcessingJobId":"dp-1","mlModelTrainingJobId":"mt-1","modelTransformOutputS3Location":"s3://out/transform"}""", "remoteModelTransformJob" },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Job_starts_InProgress_and_completes_on_the_clock(string path, string startBody, string resourceMember)
    {
        await using var api = await EmulatorApi.StartAsync();

        var started = await api.OkAsync(HttpMethod.Post, $"ml/{path}", startBody);
        Assert.Equal("job-1", started.GetProperty("id").GetString());
        Assert.StartsWith("arn:aws:sagemaker:us-east-1:123456789012:", started.GetProperty("arn").GetString());
        Assert.Equal(EmulatorApi.Start.ToUnixTimeMilliseconds(), started.GetProperty("creationTimeInMillis").GetInt64());

        var running = await api.OkAsync(HttpMethod.Get, $"ml/{path}/job-1");
        Assert.Equal("InProgress", running.GetProperty("status").GetString());
        Assert.Equal("InProgress", running.GetProperty(resourceMember).GetProperty("status").GetString());

        api.Clock.Advance(api.Emulator.Options.MlJobDuration - TimeSpan.FromSeconds(1));
        Assert.Equal("InProgress", (await api.OkAsync(HttpMethod.Get, $"ml/{path}/job-1")).GetProperty("status").GetString());

        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await api.OkAsync(HttpMethod.Get, $"ml/{path}/job-1");
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("Completed", done.GetProperty(resourceMember).GetProperty("status").GetString());

        // A finished job cannot be cancelled.
        var error = await api.ErrorAsync(HttpMethod.Delete, $"ml/{path}/job-1", 400, "InvalidParameterException");
        Assert.Contains("already completed or failed", error.DetailedMessage);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Cancel_moves_Stopping_then_Stopped_and_records_clean_and_role(string path, string startBody, string resourceMember)
    {
        await using var api = await EmulatorApi.StartAsync();
        await api.OkAsync(HttpMethod.Post, $"ml/{path}", startBody);

        var cancelled = await api.OkAsync(HttpMethod.Delete, $"ml/{path}/job-1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fml");
        Assert.Equal("Stopping", cancelled.GetProperty("status").GetString());
        Assert.Equal("Stopping", (await api.OkAsync(HttpMethod.Get, $"ml/{path}/job-1")).GetProperty(resourceMember).GetProperty("status").GetString());

        // Cancelling again while stopping succeeds again (the operation is idempotent).
        Assert.Equal("Stopping", (await api.OkAsync(HttpMethod.Delete, $"ml/{path}/job-1")).GetProperty("status").GetString());

        api.Clock.Advance(api.Emulator.Options.MlStopDuration);
        Assert.Equal("Stopped", (await api.OkAsync(HttpMethod.Get, $"ml/{path}/job-1")).GetProperty("status").GetString());
        var kind = Kind(path);
        Assert.True(api.Emulator.Ml.TryGet(kind, "job-1", out var job));
        Assert.Equal(true, job.Clean);
        Assert.Equal("arn:aws:iam::1:role/ml", job.NeptuneIamRoleArn);
        Assert.Equal(2, job.CancelCount);

        var error = await api.ErrorAsync(HttpMethod.Delete, $"ml/{path}/job-1", 400, "InvalidParameterException");
        Assert.Contains("already been stopped", error.DetailedMessage);
    }

    [Theory]
    [InlineData("dataprocessing")]
    [InlineData("modeltraining")]
    [InlineData("modeltransform")]
    [InlineData("endpoints")]
    public async Task Unknown_ids_are_MLResourceNotFoundException(string path)
    {
        await using var api = await EmulatorApi.StartAsync();

        var get = await api.ErrorAsync(HttpMethod.Get, $"ml/{path}/nope", 404, "MLResourceNotFoundException");
        var delete = await api.ErrorAsync(HttpMethod.Delete, $"ml/{path}/nope?clean=false", 404, "MLResourceNotFoundException");

        Assert.Contains("'nope'", get.DetailedMessage);
        Assert.Contains("'nope'", delete.DetailedMessage);
    }

    [Theory]
    [InlineData("dataprocessing", MlJobKind.DataProcessing)]
    [InlineData("modeltraining", MlJobKind.ModelTraining)]
    [InlineData("modeltransform", MlJobKind.ModelTransform)]
    [InlineData("endpoints", MlJobKind.Endpoint)]
    public async Task List_is_in_creation_order_and_honours_maxItems(string path, MlJobKind kind)
    {
        await using var api = await EmulatorApi.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            api.Emulator.Ml.Add(kind, $"id-{i:00}", kind == MlJobKind.Endpoint ? MlJobStatus.InService : MlJobStatus.InProgress);
        }

        var byDefault = Ids(await api.OkAsync(HttpMethod.Get, $"ml/{path}"));
        var three = Ids(await api.OkAsync(HttpMethod.Get, $"ml/{path}?maxItems=3&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fml"));
        var all = Ids(await api.OkAsync(HttpMethod.Get, $"ml/{path}?maxItems=1024"));

        Assert.Equal(Enumerable.Range(0, 10).Select(static i => $"id-{i:00}"), byDefault);
        Assert.Equal(["id-00", "id-01", "id-02"], three);
        Assert.Equal(12, all.Length);
        await api.ErrorAsync(HttpMethod.Get, $"ml/{path}?maxItems=1025", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, $"ml/{path}?maxItems=0", 400, "InvalidParameterException");
    }

    [Fact]
    public async Task Endpoint_is_Creating_then_InService_and_a_delete_removes_it_on_the_clock()
    {
        await using var api = await EmulatorApi.StartAsync();

        var created = await api.OkAsync(HttpMethod.Post, "ml/endpoints", """{"id":"ep-1","mlModelTrainingJobId":"mt-1","instanceType":"ml.m5.xlarge","instanceCount":2}""");
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep-1", created.GetProperty("arn").GetString());

        var creating = await api.OkAsync(HttpMethod.Get, "ml/endpoints/ep-1");
        Assert.Equal("Creating", creating.GetProperty("status").GetString());
        Assert.Equal("ep-1-config", creating.GetProperty("endpointConfig").GetProperty("name").GetString());

        api.Clock.Advance(api.Emulator.Options.MlJobDuration);
        Assert.Equal("InService", (await api.OkAsync(HttpMethod.Get, "ml/endpoints/ep-1")).GetProperty("endpoint").GetProperty("status").GetString());

        // update=true reconfigures the existing endpoint: it is Creating again.
        await api.OkAsync(HttpMethod.Post, "ml/endpoints", """{"id":"ep-1","update":true,"mlModelTransformJobId":"tr-1"}""");
        Assert.Equal("Creating", (await api.OkAsync(HttpMethod.Get, "ml/endpoints/ep-1")).GetProperty("status").GetString());

        Assert.Equal("Deleting", (await api.OkAsync(HttpMethod.Delete, "ml/endpoints/ep-1?clean=true")).GetProperty("status").GetString());
        Assert.Equal("Deleting", (await api.OkAsync(HttpMethod.Get, "ml/endpoints/ep-1")).GetProperty("status").GetString());

        api.Clock.Advance(api.Emulator.Options.MlStopDuration);
        await api.ErrorAsync(HttpMethod.Get, "ml/endpoints/ep-1", 404, "MLResourceNotFoundException");
        Assert.Empty(Ids(await api.OkAsync(HttpMethod.Get, "ml/endpoints")));
    }

    [Fact]
    public async Task Completed_training_lists_its_models_and_a_failed_job_reports_its_reason()
    {
        await using var api = await EmulatorApi.StartAsync();
        await api.OkAsync(HttpMethod.Post, "ml/modeltraining", """{"id":"t1","dataProcessingJobId":"dp-1","trainModelS3Location":"s3://out/t1"}""");
        await api.OkAsync(HttpMethod.Post, "ml/modeltraining", """{"id":"t2","dataProcessingJobId":"dp-1","trainModelS3Location":"s3://out/t2"}""");
        Assert.True(api.Emulator.Ml.Fail(MlJobKind.ModelTraining, "t2", "ResourceLimitExceeded"));

        api.Clock.Advance(api.Emulator.Options.MlJobDuration);
        var completed = await api.OkAsync(HttpMethod.Get, "ml/modeltraining/t1");
        var failed = await api.OkAsync(HttpMethod.Get, "ml/modeltraining/t2");

        Assert.Equal("t1-model", Assert.Single(completed.GetProperty("mlModels").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("dp-1", completed.GetProperty("processingJob").GetProperty("name").GetString());
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("ResourceLimitExceeded", failed.GetProperty("hpoJob").GetProperty("failureReason").GetString());
    }

    [Theory]
    [InlineData("dataprocessing", """{"processedDataS3Location":"s3://o"}""", "MissingParameterException", "inputDataS3Location")]
    [InlineData("dataprocessing", """{"inputDataS3Location":"https://x","processedDataS3Location":"s3://o"}""", "InvalidParameterException", "Amazon S3 URI")]
    [InlineData("dataprocessing", """{"inputDataS3Location":"s3://i","processedDataS3Location":"s3://o","modelType":"cnn"}""", "InvalidParameterException", "heterogeneous, kge")]
    [InlineData("dataprocessing", """{"inputDataS3Location":"s3://i","processedDataS3Location":"s3://o","processingTimeOutInSeconds":"60"}""", "InvalidParameterException", "must be an integer")]
    [InlineData("dataprocessing", """{"inputDataS3Location":"s3://i","processedDataS3Location":"s3://o","subnets":"subnet-1"}""", "InvalidParameterException", "list of strings")]
    [InlineData("modeltraining", """{"dataProcessingJobId":"dp","trainModelS3Location":"s3://o","maxHPONumberOfTrainingJobs":0}""", "InvalidParameterException", "at least 1")]
    [InlineData("modeltraining", """{"dataProcessingJobId":"dp","trainModelS3Location":"s3://o","customModelTrainingParameters":{}}""", "MissingParameterException", "sourceS3DirectoryPath")]
    [InlineData("modeltraining", """{"dataProcessingJobId":"dp","trainModelS3Location":"s3://o","enableManagedSpotTraining":"yes"}""", "InvalidParameterException", "boolean")]
    [InlineData("modeltransform", """{"modelTransformOutputS3Location":"s3://o"}""", "MissingParameterException", "trainingJobName")]
    [InlineData("modeltransform", """{"modelTransformOutputS3Location":"s3://o","dataProcessingJobId":"dp","mlModelTrainingJobId":"t","trainingJobName":"n"}""", "InvalidParameterException", "not both")]
    [InlineData("modeltransform", """{"modelTransformOutputS3Location":"s3://o","mlModelTrainingJobId":"t"}""", "MissingParameterException", "dataProcessingJobId")]
    [InlineData("modeltransform", """{"trainingJobName":"n"}""", "MissingParameterException", "modelTransformOutputS3Location")]
    [InlineData("endpoints", """{"mlModelTrainingJobId":"t","mlModelTransformJobId":"x"}""", "InvalidParameterException", "not both")]
    [InlineData("endpoints", """{"instanceType":"ml.m5.xlarge"}""", "MissingParameterException", "mlModelTrainingJobId")]
    [InlineData("endpoints", """{"mlModelTrainingJobId":"t","instanceCount":0}""", "InvalidParameterException", "instanceCount")]
    [InlineData("endpoints", """{"id":"","mlModelTrainingJobId":"t"}""", "InvalidParameterException", "cannot be empty")]
    [InlineData("endpoints", """{"mlModelTrainingJobId":"t",""", "BadRequestException", "not valid JSON")]
    public async Task Start_validates_its_body(string path, string body, string code, string message)
    {
        await using var api = await EmulatorApi.StartAsync();

        var error = await api.ErrorAsync(HttpMethod.Post, $"ml/{path}", 400, code, body);

        Assert.Contains(message, error.DetailedMessage);
        Assert.Empty(api.Emulator.Ml.List(Kind(path)));
    }

    [Fact]
    public async Task Update_of_an_unknown_endpoint_is_MLResourceNotFoundException_and_duplicates_are_refused()
    {
        await using var api = await EmulatorApi.StartAsync();
        await api.OkAsync(HttpMethod.Post, "ml/dataprocessing", """{"id":"dp","inputDataS3Location":"s3://i","processedDataS3Location":"s3://o"}""");

        await api.ErrorAsync(HttpMethod.Post, "ml/endpoints", 404, "MLResourceNotFoundException", """{"id":"ghost","update":true,"mlModelTrainingJobId":"t"}""");
        var duplicate = await api.ErrorAsync(HttpMethod.Post, "ml/dataprocessing", 400, "InvalidParameterException",
            """{"id":"dp","inputDataS3Location":"s3://i","processedDataS3Location":"s3://o"}""");
        Assert.Contains("already exists", duplicate.DetailedMessage);
    }

    [Fact]
    public async Task Bad_query_values_are_rejected()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Ml.Add(MlJobKind.ModelTransform, "x", MlJobStatus.InProgress);

        await api.ErrorAsync(HttpMethod.Delete, "ml/modeltransform/x?clean=maybe", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, "ml/modeltransform?maxItems=ten", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, "ml/modeltransform/x?neptuneIamRoleArn=a&neptuneIamRoleArn=b", 400, "InvalidParameterException");
        Assert.True(api.Emulator.Ml.TryGet(MlJobKind.ModelTransform, "x", out var job));
        Assert.Equal(0, job.CancelCount);
    }

    private static MlJobKind Kind(string path) => path switch
    {
        "dataprocessing" => MlJobKind.DataProcessing,
        "modeltraining" => MlJobKind.ModelTraining,
        "modeltransform" => MlJobKind.ModelTransform,
        _ => MlJobKind.Endpoint,
    };

    private static string[] Ids(JsonElement list) => list.GetProperty("ids").EnumerateArray().Select(static e => e.GetString()!).ToArray();
}
