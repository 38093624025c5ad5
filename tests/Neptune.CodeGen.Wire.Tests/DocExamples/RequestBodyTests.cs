using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// Requests built from the values of a documented request body are sent as that body, and the documented responses
/// of the same operations read back.
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

    [Theory]
    [InlineData("disableAutoCompute")]
    [InlineData("enableAutoCompute")]
    public async Task ManagePropertygraphStatistics_sends_the_documented_auto_compute_requests(string mode)
    {
        // neptune-dfe-statistics.html: curl -X POST "$STATISTICS_ENDPOINT" -d '{ "mode" : "<mode>" }', answered { "status" : "200 OK" }.
        var handler = new CapturingHandler("""{ "status" : "200 OK" }""");
        using var client = WireClient.Create(handler);

        var response = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = mode });

        var sent = handler.Single;
        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("/propertygraph/statistics", sent.Uri.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["mode"] = mode }, JsonNode.Parse(sent.BodyText)), $"Sent {sent.BodyText}");
        Assert.Equal("200 OK", response.Status);
        Assert.Null(response.Payload);
    }

    [Fact]
    public async Task ManagePropertygraphStatistics_sends_refresh_and_reads_the_statistics_id()
    {
        var handler = new CapturingHandler(WireClient.DocExample("manage-propertygraph-statistics.response.json"));
        using var client = WireClient.Create(handler);

        var response = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = "refresh" });

        var sent = handler.Single;
        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("/propertygraph/statistics", sent.Uri.PathAndQuery);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(WireClient.DocExample("manage-propertygraph-statistics.request.json")), JsonNode.Parse(sent.BodyText)),
            $"Sent {sent.BodyText}");
        Assert.Equal("200 OK", response.Status);
        // The model types statisticsId as a string; the documented service sends a number.
        Assert.Equal("1588893232718", response.Payload!.StatisticsId);
    }

    [Fact]
    public async Task GetPropertygraphStatistics_reads_the_documented_status()
    {
        var handler = new CapturingHandler(WireClient.DocExample("propertygraph-statistics.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest());

        Assert.Equal("GET", handler.Single.Method.Method);
        Assert.Equal("200 OK", response.Status);
        var statistics = response.Payload!;
        Assert.True(statistics.AutoCompute);
        Assert.False(statistics.Active);
        Assert.Equal("1588713528304", statistics.StatisticsId);
        Assert.Equal(new DateTimeOffset(2020, 5, 5, 21, 18, 0, TimeSpan.Zero), statistics.Date);
        Assert.Equal("Limit reached: Statistics are not available", statistics.Note);
        Assert.Null(statistics.SignatureInfo);
    }
}
