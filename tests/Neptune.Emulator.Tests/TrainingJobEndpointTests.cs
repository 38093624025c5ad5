using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The model-training operations, all through correctly signed requests.</summary>
public sealed class TrainingJobEndpointTests
{
    [Fact]
    public async Task Cancel_of_an_unknown_job_is_MLResourceNotFoundException()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/no-such-job");

        var error = await ErrorBody.AssertAsync(response, 404, "MLResourceNotFoundException");
        Assert.Contains("'no-such-job'", error.DetailedMessage);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(error.RequestId, Assert.Single(emulator.ReceivedRequests).RequestId);
    }

    [Fact]
    public async Task Get_of_an_unknown_job_is_MLResourceNotFoundException()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/missing");

        await ErrorBody.AssertAsync(response, 404, "MLResourceNotFoundException");
    }

    [Fact]
    public async Task Id_with_an_encoded_slash_and_space_is_one_label()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("team/job 1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/team%2Fjob%201");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(emulator.TryGetTrainingJob("team/job 1", out var job));
        Assert.Equal(TrainingJobStatus.Stopping, job.Status);
        var recorded = Assert.Single(emulator.ReceivedRequests);
        Assert.Equal("/ml/modeltraining/team%2Fjob%201", recorded.RawPath);
    }

    [Fact]
    public async Task Id_with_unicode_round_trips()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("modèle-ü");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/mod%C3%A8le-%C3%BC");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("modèle-ü", (await Json.ReadAsync(response)).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("clean=yes")]
    [InlineData("clean=")]
    [InlineData("clean=1")]
    [InlineData("clean=true&clean=false")]
    public async Task Cancel_with_a_bad_clean_value_is_InvalidParameterException(string query)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1?" + query);

        var error = await ErrorBody.AssertAsync(response, 400, "InvalidParameterException");
        Assert.Contains("clean", error.DetailedMessage);
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.InProgress, job.Status);
    }

    [Theory]
    [InlineData("clean=false", false)]
    [InlineData("clean=TRUE", true)]
    [InlineData("", null)]
    public async Task Cancel_records_clean(string query, bool? expected)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(expected, job.Clean);
    }

    [Fact]
    public async Task Cancel_is_idempotent_while_stopping()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var first = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");
        using var second = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Stopping", (await Json.ReadAsync(second)).GetProperty("status").GetString());
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(2, job.CancelCount);
    }

    [Theory]
    [InlineData(TrainingJobStatus.Completed, "already completed or failed")]
    [InlineData(TrainingJobStatus.Failed, "already completed or failed")]
    [InlineData(TrainingJobStatus.Stopped, "already been stopped")]
    public async Task Cancel_of_a_finished_job_is_InvalidParameterException(string status, string message)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1", status);
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1");

        var error = await ErrorBody.AssertAsync(response, 400, "InvalidParameterException");
        Assert.Contains(message, error.DetailedMessage);
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(status, job.Status);
        Assert.Equal(0, job.CancelCount);
    }

    [Fact]
    public async Task Start_get_and_list_work_together()
    {
        var now = DateTimeOffset.UtcNow;
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("existing");
        using var client = new SignedClient(emulator);

        using var started = await client.SendAsync(HttpMethod.Post, "ml/modeltraining",
            """{"id":"new-job","dataProcessingJobId":"dp-1","trainModelS3Location":"s3://bucket/train","trainingInstanceType":"ml.p3.2xlarge"}""");
        var startBody = await Json.ReadAsync(started);
        Assert.Equal("new-job", startBody.GetProperty("id").GetString());
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/new-job", startBody.GetProperty("arn").GetString());
        Assert.InRange(startBody.GetProperty("creationTimeInMillis").GetInt64(), now.ToUnixTimeMilliseconds() - 1000, now.ToUnixTimeMilliseconds() + 60_000);

        using var got = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/new-job?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr");
        var getBody = await Json.ReadAsync(got);
        Assert.Equal("InProgress", getBody.GetProperty("status").GetString());
        Assert.Equal("new-job", getBody.GetProperty("id").GetString());

        using var listed = await client.SendAsync(HttpMethod.Get, "ml/modeltraining");
        var ids = (await Json.ReadAsync(listed)).GetProperty("ids").EnumerateArray().Select(static e => e.GetString()!).ToArray();
        Assert.Equal(["existing", "new-job"], ids);

        Assert.True(emulator.TryGetTrainingJob("new-job", out var job));
        Assert.Equal("dp-1", job.DataProcessingJobId);
        Assert.Equal("s3://bucket/train", job.TrainModelS3Location);
    }

    [Fact]
    public async Task Start_without_an_id_makes_one_up()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Post, "ml/modeltraining", """{"dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""");

        var id = (await Json.ReadAsync(response)).GetProperty("id").GetString();
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, Assert.Single(emulator.TrainingJobs).Id);
    }

    [Theory]
    [InlineData("""{"id":"dup","dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""", 400, "InvalidParameterException", "already exists")]
    [InlineData("""{"trainModelS3Location":"s3://b/o"}""", 400, "MissingParameterException", "dataProcessingJobId")]
    [InlineData("""{"dataProcessingJobId":"dp"}""", 400, "MissingParameterException", "trainModelS3Location")]
    [InlineData("""{"id":5,"dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""", 400, "InvalidParameterException", "'id' must be a string")]
    [InlineData("""not json""", 400, "BadRequestException", "not valid JSON")]
    [InlineData("""[1,2]""", 400, "BadRequestException", "JSON object")]
    public async Task Start_rejects_bad_input(string body, int status, string code, string message)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("dup");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Post, "ml/modeltraining", body);

        var error = await ErrorBody.AssertAsync(response, status, code);
        Assert.Contains(message, error.DetailedMessage);
    }

    [Fact]
    public async Task List_honours_maxItems_and_validates_it()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("a");
        emulator.AddTrainingJob("b");
        using var client = new SignedClient(emulator);

        using var one = await client.SendAsync(HttpMethod.Get, "ml/modeltraining?maxItems=1");
        using var zero = await client.SendAsync(HttpMethod.Get, "ml/modeltraining?maxItems=0");

        Assert.Equal("a", Assert.Single((await Json.ReadAsync(one)).GetProperty("ids").EnumerateArray()).GetString());
        await ErrorBody.AssertAsync(zero, 400, "InvalidParameterException");
    }

    [Theory]
    [InlineData("PUT", "ml/modeltraining/job-1", "GET, DELETE")]
    [InlineData("POST", "ml/modeltraining/job-1", "GET, DELETE")]
    [InlineData("DELETE", "ml/modeltraining", "GET, POST")]
    public async Task Wrong_method_is_MethodNotAllowedException(string method, string path, string allow)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(new HttpMethod(method), path);

        await ErrorBody.AssertAsync(response, 405, "MethodNotAllowedException");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("ml/unknown")]
    [InlineData("ml/modeltraining/a/b")]
    [InlineData("sparql")]
    public async Task Unknown_path_is_UnsupportedOperationException(string path)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Get, path);

        await ErrorBody.AssertAsync(response, 400, "UnsupportedOperationException");
    }

    [Fact]
    public async Task Error_content_type_is_configurable()
    {
        await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { ErrorContentType = "application/x-amz-json-1.0" });
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/missing");

        await ErrorBody.AssertAsync(response, 404, "MLResourceNotFoundException");
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Concurrent_cancels_are_all_counted()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1")));

        Assert.All(responses, static r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(20, job.CancelCount);
    }
}
