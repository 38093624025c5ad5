using System;
using System.Net;
using System.Threading.Tasks;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>The 16 Neptune ML operations through the generated client, with job lifecycles moved along the emulator's clock.</summary>
public sealed class MlOperationsTests
{
    private const string Role = "arn:aws:iam::123456789012:role/NeptuneMLRole";

    [Fact]
    public async Task DataProcessing_Training_Transform_RunToCompletion_AndAreListed()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;

        var processing = await client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest
        {
            Id = "dp-1",
            InputDataS3Location = "s3://bucket/input/",
            ProcessedDataS3Location = "s3://bucket/processed/",
            ModelType = "heterogeneous",
            NeptuneIamRoleArn = Role,
        });
        Assert.Equal("dp-1", processing.Id);
        Assert.Contains("processing-job", processing.Arn);
        Assert.Equal(env.NowInMillis, processing.CreationTimeInMillis);
        var processingStatus = await client.GetMLDataProcessingJobAsync(new GetMLDataProcessingJobRequest { Id = "dp-1", NeptuneIamRoleArn = Role });
        Assert.Equal(MlJobStatus.InProgress, processingStatus.Status);
        Assert.Equal("dp-1", processingStatus.Id);
        Assert.Equal("s3://bucket/processed/", processingStatus.ProcessingJob!.OutputLocation);
        Assert.Equal(processing.Arn, processingStatus.ProcessingJob.Arn);
        env.Advance(env.Emulator.Options.MlJobDuration);
        processingStatus = await client.GetMLDataProcessingJobAsync(new GetMLDataProcessingJobRequest { Id = "dp-1" });
        Assert.Equal(MlJobStatus.Completed, processingStatus.Status);
        Assert.Equal(MlJobStatus.Completed, processingStatus.ProcessingJob!.Status);

        var training = await client.StartMLModelTrainingJobAsync(new StartMLModelTrainingJobRequest
        {
            Id = "train-1",
            DataProcessingJobId = "dp-1",
            TrainModelS3Location = "s3://bucket/model/",
            MaxHPONumberOfTrainingJobs = 2,
        });
        Assert.Equal("train-1", training.Id);
        var trainingStatus = await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "train-1" });
        Assert.Equal(MlJobStatus.InProgress, trainingStatus.Status);
        Assert.Equal("dp-1", trainingStatus.ProcessingJob!.Name);
        Assert.Equal("s3://bucket/model/", trainingStatus.HpoJob!.OutputLocation);
        Assert.Null(trainingStatus.MlModels);
        env.Advance(env.Emulator.Options.MlJobDuration);
        trainingStatus = await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "train-1" });
        Assert.Equal(MlJobStatus.Completed, trainingStatus.Status);
        Assert.Equal("train-1-model", Assert.Single(trainingStatus.MlModels!).Name);

        var transform = await client.StartMLModelTransformJobAsync(new StartMLModelTransformJobRequest
        {
            Id = "transform-1",
            DataProcessingJobId = "dp-1",
            MlModelTrainingJobId = "train-1",
            ModelTransformOutputS3Location = "s3://bucket/transform/",
        });
        Assert.Equal("transform-1", transform.Id);
        var transformStatus = await client.GetMLModelTransformJobAsync(new GetMLModelTransformJobRequest { Id = "transform-1" });
        Assert.Equal(MlJobStatus.InProgress, transformStatus.Status);
        Assert.Equal("train-1-base", transformStatus.BaseProcessingJob!.Name);
        Assert.Equal("s3://bucket/transform/", transformStatus.RemoteModelTransformJob!.OutputLocation);
        env.Advance(env.Emulator.Options.MlJobDuration);
        transformStatus = await client.GetMLModelTransformJobAsync(new GetMLModelTransformJobRequest { Id = "transform-1" });
        Assert.Equal(MlJobStatus.Completed, transformStatus.Status);
        Assert.Equal("transform-1-model", Assert.Single(transformStatus.Models!).Name);

        await client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest
        {
            Id = "dp-2",
            InputDataS3Location = "s3://bucket/input/",
            ProcessedDataS3Location = "s3://bucket/processed-2/",
        });
        Assert.Equal(new[] { "dp-1", "dp-2" }, (await client.ListMLDataProcessingJobsAsync(new ListMLDataProcessingJobsRequest())).Ids);
        Assert.Equal(new[] { "dp-1" }, (await client.ListMLDataProcessingJobsAsync(new ListMLDataProcessingJobsRequest { MaxItems = 1 })).Ids);
        Assert.Equal(new[] { "train-1" }, (await client.ListMLModelTrainingJobsAsync(new ListMLModelTrainingJobsRequest { MaxItems = 5 })).Ids);
        Assert.Equal(new[] { "transform-1" }, (await client.ListMLModelTransformJobsAsync(new ListMLModelTransformJobsRequest())).Ids);
        Assert.Equal("/ml/dataprocessing?maxItems=1", env.Emulator.ReceivedRequests[^3].RawTarget);
    }

    [Fact]
    public async Task Endpoint_IsCreating_ThenInService_ThenDeleting_ThenGone()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;

        var created = await client.CreateMLEndpointAsync(new CreateMLEndpointRequest
        {
            Id = "endpoint-1",
            MlModelTrainingJobId = "train-1",
            InstanceCount = 1,
            InstanceType = "ml.m5.xlarge",
        });
        Assert.Equal("endpoint-1", created.Id);
        Assert.Equal(env.NowInMillis, created.CreationTimeInMillis);
        var endpoint = await client.GetMLEndpointAsync(new GetMLEndpointRequest { Id = "endpoint-1" });
        Assert.Equal(MlJobStatus.Creating, endpoint.Status);
        Assert.Equal("endpoint-1", endpoint.Endpoint!.Name);
        Assert.Equal(created.Arn, endpoint.Endpoint.Arn);
        Assert.Equal("endpoint-1-config", endpoint.EndpointConfig!.Name);
        env.Advance(env.Emulator.Options.MlJobDuration);
        Assert.Equal(MlJobStatus.InService, (await client.GetMLEndpointAsync(new GetMLEndpointRequest { Id = "endpoint-1" })).Status);
        Assert.Equal(new[] { "endpoint-1" }, (await client.ListMLEndpointsAsync(new ListMLEndpointsRequest())).Ids);

        var deleted = await client.DeleteMLEndpointAsync(new DeleteMLEndpointRequest { Id = "endpoint-1", Clean = true });
        Assert.Equal(MlJobStatus.Deleting, deleted.Status);
        Assert.Equal("/ml/endpoints/endpoint-1?clean=true", env.Emulator.ReceivedRequests[^1].RawTarget);
        Assert.Equal(MlJobStatus.Deleting, (await client.GetMLEndpointAsync(new GetMLEndpointRequest { Id = "endpoint-1" })).Status);
        env.Advance(env.Emulator.Options.MlStopDuration);
        await env.ThrowsAsync<MLResourceNotFoundException>(
            () => client.GetMLEndpointAsync(new GetMLEndpointRequest { Id = "endpoint-1" }), "MLResourceNotFoundException", HttpStatusCode.NotFound);
        Assert.Empty((await client.ListMLEndpointsAsync(new ListMLEndpointsRequest())).Ids ?? Array.Empty<string>());
    }

    [Fact]
    public async Task CancellingEachKindOfJob_StopsIt_AndCancellingAStoppedJobIsInvalidParameter()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        // Started through the API, so that they run (and stop) on the emulator's clock.
        await client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest { Id = "dp-1", InputDataS3Location = "s3://b/in", ProcessedDataS3Location = "s3://b/out" });
        await client.StartMLModelTrainingJobAsync(new StartMLModelTrainingJobRequest { Id = "train-1", DataProcessingJobId = "dp-1", TrainModelS3Location = "s3://b/model" });
        await client.StartMLModelTransformJobAsync(new StartMLModelTransformJobRequest { Id = "transform-1", TrainingJobName = "sagemaker-job", ModelTransformOutputS3Location = "s3://b/transform" });

        Assert.Equal(MlJobStatus.Stopping, (await client.CancelMLDataProcessingJobAsync(new CancelMLDataProcessingJobRequest { Id = "dp-1", Clean = true, NeptuneIamRoleArn = Role })).Status);
        Assert.Equal(MlJobStatus.Stopping, (await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "train-1" })).Status);
        Assert.Equal(MlJobStatus.Stopping, (await client.CancelMLModelTransformJobAsync(new CancelMLModelTransformJobRequest { Id = "transform-1", Clean = false })).Status);
        Assert.True(env.Emulator.Ml.TryGet(MlJobKind.DataProcessing, "dp-1", out var processing));
        Assert.True(processing.Clean);
        Assert.Equal(Role, processing.NeptuneIamRoleArn);
        Assert.True(env.Emulator.Ml.TryGet(MlJobKind.ModelTransform, "transform-1", out var transform));
        Assert.False(transform.Clean);

        env.Advance(env.Emulator.Options.MlStopDuration);
        Assert.Equal(MlJobStatus.Stopped, (await client.GetMLDataProcessingJobAsync(new GetMLDataProcessingJobRequest { Id = "dp-1" })).Status);
        Assert.Equal(MlJobStatus.Stopped, (await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "train-1" })).Status);
        Assert.Equal(MlJobStatus.Stopped, (await client.GetMLModelTransformJobAsync(new GetMLModelTransformJobRequest { Id = "transform-1" })).Status);

        await env.ThrowsAsync<InvalidParameterException>(
            () => client.CancelMLDataProcessingJobAsync(new CancelMLDataProcessingJobRequest { Id = "dp-1" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "train-1" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.CancelMLModelTransformJobAsync(new CancelMLModelTransformJobRequest { Id = "transform-1" }), "InvalidParameterException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownIds_ThrowMLResourceNotFoundException_FromEveryGetCancelAndDelete()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        Func<Task>[] calls =
        [
            () => client.GetMLDataProcessingJobAsync(new GetMLDataProcessingJobRequest { Id = "missing" }),
            () => client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "missing" }),
            () => client.GetMLModelTransformJobAsync(new GetMLModelTransformJobRequest { Id = "missing" }),
            () => client.GetMLEndpointAsync(new GetMLEndpointRequest { Id = "missing" }),
            () => client.CancelMLDataProcessingJobAsync(new CancelMLDataProcessingJobRequest { Id = "missing" }),
            () => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "missing" }),
            () => client.CancelMLModelTransformJobAsync(new CancelMLModelTransformJobRequest { Id = "missing" }),
            () => client.DeleteMLEndpointAsync(new DeleteMLEndpointRequest { Id = "missing" }),
        ];

        foreach (var call in calls)
        {
            var exception = await env.ThrowsAsync<MLResourceNotFoundException>(call, "MLResourceNotFoundException", HttpStatusCode.NotFound);
            Assert.Contains("missing", exception.DetailedMessage);
        }
    }

    [Fact]
    public async Task InvalidStarts_ThrowInvalidParameterException()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        env.Emulator.Ml.Add(MlJobKind.DataProcessing, "dp-1", MlJobStatus.Completed);
        env.Emulator.Ml.Add(MlJobKind.ModelTraining, "train-1", MlJobStatus.Completed);

        await env.ThrowsAsync<InvalidParameterException>(
            () => client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest { Id = "dp-1", InputDataS3Location = "s3://b/in", ProcessedDataS3Location = "s3://b/out" }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        var notS3 = await env.ThrowsAsync<InvalidParameterException>(
            () => client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest { InputDataS3Location = "https://b/in", ProcessedDataS3Location = "s3://b/out" }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Contains("inputDataS3Location", notS3.DetailedMessage);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.StartMLModelTrainingJobAsync(new StartMLModelTrainingJobRequest { Id = "train-1", DataProcessingJobId = "dp-1", TrainModelS3Location = "s3://b/model" }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.StartMLModelTransformJobAsync(new StartMLModelTransformJobRequest
            {
                DataProcessingJobId = "dp-1",
                MlModelTrainingJobId = "train-1",
                TrainingJobName = "sagemaker-job",
                ModelTransformOutputS3Location = "s3://b/transform",
            }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.CreateMLEndpointAsync(new CreateMLEndpointRequest { MlModelTrainingJobId = "train-1", MlModelTransformJobId = "transform-1" }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal(new[] { "dp-1" }, (await client.ListMLDataProcessingJobsAsync(new ListMLDataProcessingJobsRequest())).Ids);
    }

    [Fact]
    public async Task ThrottledLists_ThrowTooManyRequestsException()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        Func<Task>[] calls =
        [
            () => client.ListMLDataProcessingJobsAsync(new ListMLDataProcessingJobsRequest()),
            () => client.ListMLModelTrainingJobsAsync(new ListMLModelTrainingJobsRequest()),
            () => client.ListMLModelTransformJobsAsync(new ListMLModelTransformJobsRequest()),
            () => client.ListMLEndpointsAsync(new ListMLEndpointsRequest()),
        ];

        foreach (var call in calls)
        {
            env.ThrottleNextRequest();
            var exception = await env.ThrowsAsync<TooManyRequestsException>(call, "TooManyRequestsException", (HttpStatusCode)429);
            Assert.True(exception.Retryable);
        }
    }
}
