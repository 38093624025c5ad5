using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// GetLoaderJobStatus read from the loader's documented Get-Status responses. The model types the payload as a document,
/// so the layout (feedCount, overallStatus, failedFeeds, errors) is navigated as JSON.
/// </summary>
public sealed class LoaderStatusTests
{
    [Fact]
    public async Task Load_status_reads_feed_count_and_overall_status()
    {
        var handler = new CapturingHandler(WireClient.DocExample("loader-status.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = "a2c0ce44-a44b-4517-8cd4-1dc144a8e5b5" });

        Assert.Equal("/loader/a2c0ce44-a44b-4517-8cd4-1dc144a8e5b5", handler.Single.Uri.PathAndQuery);
        Assert.Equal("200 OK", response.Status);
        var payload = Assert.IsType<JsonElement>(response.Payload);
        Assert.Equal(1, Assert.Single(payload.GetProperty("feedCount").EnumerateArray()).GetProperty("LOAD_FAILED").GetInt32());
        var overall = payload.GetProperty("overallStatus");
        Assert.Equal("s3://bucket/key", overall.GetProperty("fullUri").GetString());
        Assert.Equal("LOAD_FAILED", overall.GetProperty("status").GetString());
        Assert.Equal(5, overall.GetProperty("parsingErrors").GetInt32());
        Assert.Equal(1, overall.GetProperty("runNumber").GetInt32());
        Assert.Equal(3.0, overall.GetProperty("totalTimeSpent").GetDouble());
        Assert.False(payload.TryGetProperty("failedFeeds", out _));
    }

    [Fact]
    public async Task Detailed_status_with_errors_reads_failed_feeds_and_error_logs()
    {
        var handler = new CapturingHandler(WireClient.DocExample("loader-status-detailed-errors.json"));
        using var client = WireClient.Create(handler);

        // The documented request: details=true&errors=true&page=1&errorsPerPage=3.
        var response = await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest
        {
            LoadId = "0a237328-afd5-4574-a0bc-c29ce5f54802",
            Details = true,
            Errors = true,
            Page = 1,
            ErrorsPerPage = 3,
        });

        var sent = handler.Single;
        Assert.Equal("/loader/0a237328-afd5-4574-a0bc-c29ce5f54802", sent.Uri.AbsolutePath);
        Assert.Equal(
            ["details=true", "errors=true", "errorsPerPage=3", "page=1"],
            sent.Query.Select(pair => $"{pair.Key}={pair.Value}").Order());

        Assert.Equal("200 OK", response.Status);
        var payload = Assert.IsType<JsonElement>(response.Payload);
        var failedFeed = Assert.Single(payload.GetProperty("failedFeeds").EnumerateArray());
        Assert.Equal("LOAD_FAILED", failedFeed.GetProperty("status").GetString());
        Assert.Equal(5, failedFeed.GetProperty("totalRecords").GetInt32());
        Assert.Equal(1, payload.GetProperty("feedCount")[0].GetProperty("LOAD_FAILED").GetInt32());
        Assert.Equal(0, payload.GetProperty("overallStatus").GetProperty("insertErrors").GetInt32());

        var errors = payload.GetProperty("errors");
        Assert.Equal(1, errors.GetProperty("startIndex").GetInt32());
        Assert.Equal(3, errors.GetProperty("endIndex").GetInt32());
        Assert.Equal("0a237328-afd5-4574-a0bc-c29ce5f54802", errors.GetProperty("loadId").GetString());
        var logs = errors.GetProperty("errorLogs").EnumerateArray().ToList();
        Assert.Equal(3, logs.Count);
        Assert.All(logs, log => Assert.Equal("PARSING_ERROR", log.GetProperty("errorCode").GetString()));
        Assert.Equal("Expected '<', found: |", logs[0].GetProperty("errorMessage").GetString());
        Assert.Equal([1, 2, 3], logs.Select(log => log.GetProperty("recordNum").GetInt32()));
    }
}
