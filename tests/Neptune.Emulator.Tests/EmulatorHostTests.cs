using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task Listens_on_loopback_on_an_assigned_port()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();

        Assert.Equal("http", emulator.Endpoint.Scheme);
        Assert.True(IPAddress.TryParse(emulator.Endpoint.Host, out var address));
        Assert.True(IPAddress.IsLoopback(address));
        Assert.Equal(IPAddress.Loopback, address);
        Assert.InRange(emulator.Endpoint.Port, 1, 65535);
        Assert.Equal("/", emulator.Endpoint.AbsolutePath);
    }

    [Fact]
    public async Task Several_emulators_run_at_once_with_separate_state()
    {
        await using var first = await NeptuneEmulator.StartAsync();
        await using var second = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { Region = "eu-west-1" });
        first.AddTrainingJob("only-in-first");
        using var client = new SignedClient(second);

        using var response = await client.SendAsync(HttpMethod.Get, "ml/modeltraining/only-in-first");

        Assert.NotEqual(first.Endpoint.Port, second.Endpoint.Port);
        await ErrorBody.AssertAsync(response, 404, "MLResourceNotFoundException");
        Assert.Empty(first.ReceivedRequests);
        Assert.Single(second.ReceivedRequests);
    }

    [Fact]
    public async Task Dispose_releases_the_port_and_can_be_repeated()
    {
        var emulator = await NeptuneEmulator.StartAsync();
        var endpoint = emulator.Endpoint;

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        using var http = new HttpClient();
        try
        {
            using var response = await http.GetAsync(endpoint);
            // Only possible if a parallel test's emulator got the same port; it was not served by this one.
        }
        catch (HttpRequestException)
        {
            // Connection refused: the port was released.
        }

        Assert.Empty(emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Request_log_records_what_was_received()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var cancel = await client.SendAsync(HttpMethod.Delete, "ml/modeltraining/job-1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&clean=true");
        using var start = await client.SendAsync(HttpMethod.Post, "ml/modeltraining", """{"dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""");

        var requests = emulator.ReceivedRequests;
        Assert.Equal(2, requests.Count);
        var first = requests[0];
        Assert.Equal("DELETE", first.Method);
        Assert.Equal("/ml/modeltraining/job-1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&clean=true", first.RawTarget);
        Assert.Equal("/ml/modeltraining/job-1", first.RawPath);
        Assert.Equal("neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&clean=true", first.RawQuery);
        Assert.Equal($"127.0.0.1:{emulator.Endpoint.Port}", first.GetHeader("host"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/", first.GetHeader("Authorization"));
        Assert.NotNull(first.GetHeader("X-Amz-Date"));
        Assert.Null(first.GetHeader("X-Amz-Security-Token"));
        Assert.Equal(string.Empty, first.Body);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(first.RequestId, cancel.Headers.GetValues(NeptuneEmulator.RequestIdHeader).Single());

        var second = requests[1];
        Assert.Equal("POST", second.Method);
        Assert.Equal(string.Empty, second.RawQuery);
        Assert.Contains("\"dataProcessingJobId\":\"dp\"", second.Body);
        Assert.StartsWith("application/json", second.GetHeader("content-type"));

        emulator.ClearReceivedRequests();
        Assert.Empty(emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Jobs_can_be_added_replaced_and_changed()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();

        emulator.AddTrainingJob("a");
        emulator.AddTrainingJob("b", TrainingJobStatus.Completed);
        Assert.True(emulator.SetTrainingJobStatus("a", TrainingJobStatus.Stopped));
        Assert.False(emulator.SetTrainingJobStatus("missing", TrainingJobStatus.Stopped));

        Assert.Equal([("a", "Stopped"), ("b", "Completed")], emulator.TrainingJobs.Select(static j => (j.Id, j.Status)));
        Assert.False(emulator.TryGetTrainingJob("missing", out _));
    }

    [Fact]
    public void Options_never_print_secrets()
    {
        var text = new NeptuneEmulatorOptions { SessionToken = "token-123" }.ToString();

        Assert.DoesNotContain(NeptuneEmulatorOptions.ExampleSecretAccessKey, text);
        Assert.DoesNotContain("token-123", text);
        Assert.Contains(NeptuneEmulatorOptions.ExampleAccessKeyId, text);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_at_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { Region = "" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { AllowedClockSkew = TimeSpan.FromMinutes(-1) }));
    }
}
