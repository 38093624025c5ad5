using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>The 4 bulk-loader operations through the generated client: a running and a queued load on the emulator's clock.</summary>
public sealed class LoaderOperationsTests
{
    private const string LoadRole = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3";

    private static StartLoaderJobRequest Load(string source, bool queue = false) => new()
    {
        Source = source,
        Format = Format.Csv,
        S3BucketRegion = S3BucketRegion.UsEast1,
        IamRoleArn = LoadRole,
        Mode = Mode.Auto,
        Parallelism = Parallelism.Medium,
        FailOnError = true,
        QueueRequest = queue,
    };

    private static JsonElement OverallStatus(GetLoaderJobStatusResponse response) => response.Payload!.Value.GetProperty("overallStatus");

    [Fact]
    public async Task Loads_RunOneAtATime_QueueBehind_AndCanBeCancelled()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;

        var first = await client.StartLoaderJobAsync(Load("s3://bucket/first/"));
        Assert.Equal("200 OK", first.Status);
        var firstId = first.Payload!["loadId"];
        Assert.True(env.Emulator.Loader.TryGet(firstId, out var firstJob));
        Assert.Equal("csv", firstJob.Format);
        Assert.Equal("MEDIUM", firstJob.Parallelism);
        var queued = await client.StartLoaderJobAsync(Load("s3://bucket/second/", queue: true));
        var queuedId = queued.Payload!["loadId"];
        var third = (await client.StartLoaderJobAsync(Load("s3://bucket/third/", queue: true))).Payload!["loadId"];

        var status = await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = firstId });
        Assert.Equal("200 OK", status.Status);
        Assert.Equal(LoadStatus.InProgress, OverallStatus(status).GetProperty("status").GetString());
        Assert.Equal("s3://bucket/first/", OverallStatus(status).GetProperty("fullUri").GetString());
        Assert.Equal(LoadStatus.InQueue, OverallStatus(await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = queuedId })).GetProperty("status").GetString());

        var all = await client.ListLoaderJobsAsync(new ListLoaderJobsRequest());
        Assert.Equal("200 OK", all.Status);
        Assert.Equal(new[] { third, queuedId, firstId }, all.Payload!.LoadIds);
        var running = await client.ListLoaderJobsAsync(new ListLoaderJobsRequest { IncludeQueuedLoads = false, Limit = 10 });
        Assert.Equal(new[] { firstId }, running.Payload!.LoadIds);

        env.Advance(env.Emulator.Options.LoadJobDuration);
        var done = await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = firstId, Details = true });
        Assert.Equal(LoadStatus.Completed, OverallStatus(done).GetProperty("status").GetString());
        Assert.Equal(LoaderJobs.RecordsPerLoad, OverallStatus(done).GetProperty("totalRecords").GetInt32());
        Assert.Equal(1, done.Payload!.Value.GetProperty("feedCount")[0].GetProperty(LoadStatus.Completed).GetInt32());
        Assert.Equal(LoadStatus.InProgress, OverallStatus(await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = queuedId })).GetProperty("status").GetString());

        var cancelled = await client.CancelLoaderJobAsync(new CancelLoaderJobRequest { LoadId = queuedId });
        Assert.Equal("200 OK", cancelled.Status);
        Assert.Equal(LoadStatus.CancelledByUser, OverallStatus(await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = queuedId })).GetProperty("status").GetString());
        Assert.Equal(LoadStatus.InProgress, OverallStatus(await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = third })).GetProperty("status").GetString());

        await env.ThrowsAsync<InvalidParameterException>(
            () => client.CancelLoaderJobAsync(new CancelLoaderJobRequest { LoadId = firstId }), "InvalidParameterException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FailedLoad_ReportsItsParsingErrors_PageByPage()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Loader.FailLoadsFrom("s3://bad/", parsingErrors: 5);
        var loadId = (await env.Client.StartLoaderJobAsync(Load("s3://bad/data.csv"))).Payload!["loadId"];
        env.Advance(env.Emulator.Options.LoadJobDuration);

        var status = await env.Client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = loadId, Errors = true, Page = 2, ErrorsPerPage = 2 });

        Assert.Equal(LoadStatus.Failed, OverallStatus(status).GetProperty("status").GetString());
        Assert.Equal(5, OverallStatus(status).GetProperty("parsingErrors").GetInt32());
        var errors = status.Payload!.Value.GetProperty("errors");
        Assert.Equal(3, errors.GetProperty("startIndex").GetInt32());
        Assert.Equal(4, errors.GetProperty("endIndex").GetInt32());
        Assert.Equal(loadId, errors.GetProperty("loadId").GetString());
        Assert.All(errors.GetProperty("errorLogs").EnumerateArray(), static log => Assert.Equal("PARSING_ERROR", log.GetProperty("errorCode").GetString()));
        Assert.Contains("errorsPerPage=2", env.Emulator.ReceivedRequests[^1].RawQuery);
    }

    [Fact]
    public async Task LoaderErrors_AreTyped()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        env.Emulator.Loader.DenyAccessTo("s3://private/");

        await env.ThrowsAsync<LoadUrlAccessDeniedException>(
            () => client.StartLoaderJobAsync(Load("s3://private/data.csv")), "LoadUrlAccessDeniedException", HttpStatusCode.BadRequest);
        await client.StartLoaderJobAsync(Load("s3://bucket/data.csv"));
        var busy = await env.ThrowsAsync<BadRequestException>(
            () => client.StartLoaderJobAsync(Load("s3://bucket/more.csv")), "BadRequestException", HttpStatusCode.BadRequest);
        Assert.Contains("concurrent", busy.DetailedMessage);
        await env.ThrowsAsync<BulkLoadIdNotFoundException>(
            () => client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = "no-such-load" }), "BulkLoadIdNotFoundException", HttpStatusCode.NotFound);
        await env.ThrowsAsync<BulkLoadIdNotFoundException>(
            () => client.CancelLoaderJobAsync(new CancelLoaderJobRequest { LoadId = "no-such-load" }), "BulkLoadIdNotFoundException", HttpStatusCode.NotFound);
        env.ThrottleNextRequest();
        await env.ThrowsAsync<TooManyRequestsException>(
            () => client.ListLoaderJobsAsync(new ListLoaderJobsRequest()), "TooManyRequestsException", (HttpStatusCode)429);
        Assert.Single(env.Emulator.Loader.Jobs.Select(static j => j.Source));
    }
}
