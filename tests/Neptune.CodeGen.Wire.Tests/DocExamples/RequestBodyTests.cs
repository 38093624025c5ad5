using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// Requests built from the values of a documented request body are sent as that body, and the responses of the same
/// operations read back.
/// </summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task StartLoaderJob_sends_the_documented_loader_request()
    {
        var handler = new CapturingHandler(WireClient.DocExample("start-loader-job.response.json"));
        using var client = WireClient.Create(handler);

        var response = await client.StartLoaderJobAsync(new StartLoaderJobRequest
        {
            Source = "s3://bucket-name/object-key-name",
            Format = "csv",
            IamRoleArn = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3",
            S3BucketRegion = "us-east-1",
            FailOnError = false,
            Parallelism = "MEDIUM",
            UpdateSingleCardinalityProperties = false,
            QueueRequest = false,
        });

        var sent = handler.Single;
        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("/loader", sent.Uri.PathAndQuery);
        Assert.Equal("application/json", sent.ContentType);
        var documented = JsonNode.Parse(WireClient.DocExample("start-loader-job.request.json"))!.AsObject();
        var body = JsonNode.Parse(sent.BodyText)!.AsObject();
        Assert.Equal(documented.Select(p => p.Key).Order(), body.Select(p => p.Key).Order());
        foreach (var (key, value) in documented)
        {
            // The page writes the loader's booleans as "FALSE"/"TRUE"; the model (and so the client) sends JSON booleans.
            var expected = value!.GetValue<string>() is "TRUE" or "FALSE" ? JsonValue.Create(value.GetValue<string>() == "TRUE") : value.DeepClone();
            Assert.True(JsonNode.DeepEquals(expected, body[key]), $"'{key}' was sent as {body[key]?.ToJsonString()}, documented as {value.ToJsonString()}.");
        }

        Assert.Equal("200 OK", response.Status);
        Assert.Single(response.Payload!);
        Assert.Equal("ef478d76-d9da-4d94-8ff1-08d9d4863aa5", response.Payload!["loadId"]);
    }

    [Fact]
    public async Task StartMLModelTrainingJob_sends_the_documented_custom_model_request()
    {
        // The page's request also sets "modelName": "custom"; the Smithy model has no such member, so the file leaves it out.
        // The page prints no response; this one has the API reference's response layout (id, arn, creationTimeInMillis).
        var handler = new CapturingHandler("""{ "id": "training-job-1", "arn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/training-job-1", "creationTimeInMillis": 1700000000000 }""");
        using var client = WireClient.Create(handler);

        var response = await client.StartMLModelTrainingJobAsync(new StartMLModelTrainingJobRequest
        {
            Id = "training-job-1",
            DataProcessingJobId = "processing-job-1",
            TrainModelS3Location = "s3://my-bucket/neptune-model-graph-autotrainer",
            CustomModelTrainingParameters = new CustomModelTrainingParameters
            {
                SourceS3DirectoryPath = "s3://my-bucket/my-python-module",
                TrainingEntryPointScript = "training.py",
                TransformEntryPointScript = "transform.py",
            },
        });

        var sent = handler.Single;
        Assert.Equal("/ml/modeltraining", sent.Uri.PathAndQuery);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(WireClient.DocExample("start-ml-model-training-job.request.json")), JsonNode.Parse(sent.BodyText)),
            $"Sent {sent.BodyText}");
        Assert.Equal("training-job-1", response.Id);
        Assert.Equal(1700000000000, response.CreationTimeInMillis);
    }
}
