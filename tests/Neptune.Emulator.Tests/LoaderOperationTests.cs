using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The four bulk-loader operations: start, status, list and cancel.</summary>
public sealed class LoaderOperationTests
{
    private const string Role = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3";

    private static string Load(string source, string extra = "") =>
        $$"""{"source":"{{source}}","format":"csv","iamRoleArn":"{{Role}}","region":"us-east-1"{{extra}}}""";

    [Fact]
    public async Task A_load_runs_on_the_clock_and_reports_its_overall_status()
    {
        await using var api = await EmulatorApi.StartAsync();

        var started = await api.OkAsync(HttpMethod.Post, "loader", Load("s3://bucket/data/", ""","mode":"NEW","parallelism":"MEDIUM","failOnError":"FALSE","parserConfiguration":{"allowEmptyStrings":"true"}"""));
        Assert.Equal("200 OK", started.GetProperty("status").GetString());
        var loadId = started.GetProperty("payload").GetProperty("loadId").GetString()!;
        Assert.True(Guid.TryParse(loadId, out _));

        var running = await api.OkAsync(HttpMethod.Get, $"loader/{loadId}");
        Assert.Equal("LOAD_IN_PROGRESS", Overall(running).GetProperty("status").GetString());
        Assert.Equal("s3://bucket/data/", Overall(running).GetProperty("fullUri").GetString());

        api.Clock.Advance(api.Emulator.Options.LoadJobDuration / 2);
        var halfway = Overall(await api.OkAsync(HttpMethod.Get, $"loader/{loadId}"));
        Assert.Equal(LoaderJobs.RecordsPerLoad / 2, halfway.GetProperty("totalRecords").GetInt64());

        api.Clock.Advance(api.Emulator.Options.LoadJobDuration / 2);
        var done = await api.OkAsync(HttpMethod.Get, $"loader/{loadId}?details=true");
        Assert.Equal("LOAD_COMPLETED", Overall(done).GetProperty("status").GetString());
        Assert.Equal(LoaderJobs.RecordsPerLoad, Overall(done).GetProperty("totalRecords").GetInt64());
        Assert.Equal(60, Overall(done).GetProperty("totalTimeSpent").GetDouble());
        Assert.Equal(1, done.GetProperty("payload").GetProperty("feedCount")[0].GetProperty("LOAD_COMPLETED").GetInt32());

        Assert.True(api.Emulator.Loader.TryGet(loadId, out var job));
        Assert.Equal("NEW", job.Mode);
        Assert.Equal("MEDIUM", job.Parallelism);
        Assert.False(job.FailOnError);
        Assert.Equal("true", job.ParserConfiguration["allowEmptyStrings"]);
    }

    [Fact]
    public async Task Only_one_load_runs_queued_loads_wait_and_list_shows_queued_first()
    {
        await using var api = await EmulatorApi.StartAsync();
        var first = await StartAsync(api, Load("s3://b/1"));

        var refused = await api.ErrorAsync(HttpMethod.Post, "loader", 400, "BadRequestException", Load("s3://b/2"));
        Assert.Contains("Max concurrent load limit breached", refused.DetailedMessage);

        var second = await StartAsync(api, Load("s3://b/2", ""","queueRequest":true"""));
        var third = await StartAsync(api, Load("s3://b/3", ""","queueRequest":"TRUE","dependencies":["{{second}}"]""".Replace("{{second}}", second)));
        Assert.Equal("LOAD_IN_QUEUE", await StatusAsync(api, second));

        Assert.Equal([third, second, first], await ListAsync(api, "loader"));
        Assert.Equal([first], await ListAsync(api, "loader?includeQueuedLoads=false"));
        Assert.Equal([third, second], await ListAsync(api, "loader?limit=2"));

        api.Clock.Advance(api.Emulator.Options.LoadJobDuration);
        Assert.Equal("LOAD_COMPLETED", await StatusAsync(api, first));
        Assert.Equal("LOAD_IN_PROGRESS", await StatusAsync(api, second));
        Assert.Equal("LOAD_IN_QUEUE", await StatusAsync(api, third));

        api.Clock.Advance(api.Emulator.Options.LoadJobDuration * 2);
        Assert.Equal("LOAD_COMPLETED", await StatusAsync(api, third));
        await api.ErrorAsync(HttpMethod.Get, "loader?limit=101", 400, "InvalidParameterException");
    }

    [Fact]
    public async Task A_failing_source_fails_the_load_with_paged_errors_and_fails_its_dependents()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Loader.FailLoadsFrom("s3://bad/", parsingErrors: 5);
        var failing = await StartAsync(api, Load("s3://bad/file.csv"));
        var dependent = await StartAsync(api, Load("s3://good/file.csv", ""","queueRequest":true,"dependencies":["ID"]""".Replace("ID", failing)));

        api.Clock.Advance(api.Emulator.Options.LoadJobDuration);

        var status = await api.OkAsync(HttpMethod.Get, $"loader/{failing}?details=true&errors=true&page=2&errorsPerPage=2");
        var payload = status.GetProperty("payload");
        Assert.Equal("LOAD_FAILED", Overall(status).GetProperty("status").GetString());
        Assert.Equal(5, Overall(status).GetProperty("parsingErrors").GetInt32());
        Assert.Equal("LOAD_FAILED", payload.GetProperty("failedFeeds")[0].GetProperty("status").GetString());
        var errors = payload.GetProperty("errors");
        Assert.Equal(3, errors.GetProperty("startIndex").GetInt32());
        Assert.Equal(4, errors.GetProperty("endIndex").GetInt32());
        Assert.Equal(failing, errors.GetProperty("loadId").GetString());
        Assert.Equal([3, 4], errors.GetProperty("errorLogs").EnumerateArray().Select(static e => e.GetProperty("recordNum").GetInt32()));
        Assert.Equal("LOAD_FAILED_BECAUSE_DEPENDENCY_NOT_SATISFIED", await StatusAsync(api, dependent));

        // With failOnError=false the same errors are counted and the load completes.
        var tolerant = await StartAsync(api, Load("s3://bad/other.csv", ""","failOnError":false"""));
        api.Clock.Advance(api.Emulator.Options.LoadJobDuration);
        Assert.Equal("LOAD_COMPLETED", await StatusAsync(api, tolerant));
    }

    [Fact]
    public async Task Cancel_stops_a_running_load_and_the_queue_moves_on()
    {
        await using var api = await EmulatorApi.StartAsync();
        var first = await StartAsync(api, Load("s3://b/1"));
        var second = await StartAsync(api, Load("s3://b/2", ""","queueRequest":true"""));

        var cancelled = await api.OkAsync(HttpMethod.Delete, $"loader/{first}");

        Assert.Equal("200 OK", cancelled.GetProperty("status").GetString());
        Assert.Equal("LOAD_CANCELLED_BY_USER", await StatusAsync(api, first));
        Assert.Equal("LOAD_IN_PROGRESS", await StatusAsync(api, second));
        var again = await api.ErrorAsync(HttpMethod.Delete, $"loader/{first}", 400, "InvalidParameterException");
        Assert.Contains("LOAD_CANCELLED_BY_USER", again.DetailedMessage);
    }

    [Fact]
    public async Task Unknown_load_ids_are_BulkLoadIdNotFoundException()
    {
        await using var api = await EmulatorApi.StartAsync();

        await api.ErrorAsync(HttpMethod.Get, "loader/0f3c2e8a-0000-0000-0000-000000000000", 404, "BulkLoadIdNotFoundException");
        await api.ErrorAsync(HttpMethod.Delete, "loader/0f3c2e8a-0000-0000-0000-000000000000", 404, "BulkLoadIdNotFoundException");
        await api.ErrorAsync(HttpMethod.Post, "loader", 404, "BulkLoadIdNotFoundException", Load("s3://b/x", ""","queueRequest":true,"dependencies":["missing"]"""));
    }

    [Theory]
    [InlineData("""{"format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1"}""", "MissingParameterException", "source")]
    [InlineData("""{"source":"s3://b","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1"}""", "MissingParameterException", "format")]
    [InlineData("""{"source":"s3://b","format":"csv","region":"us-east-1"}""", "MissingParameterException", "iamRoleArn")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r"}""", "MissingParameterException", "region")]
    [InlineData("""{"source":"s3://b","format":"json","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1"}""", "InvalidParameterException", "csv, opencypher")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"mars-1"}""", "InvalidParameterException", "region")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"eu-west-1"}""", "InvalidParameterException", "cluster's region")]
    [InlineData("""{"source":"/local/file","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1"}""", "InvalidParameterException", "Amazon S3 URI")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"my-role","region":"us-east-1"}""", "InvalidParameterException", "IAM role ARN")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","mode":"FAST"}""", "InvalidParameterException", "RESUME, NEW, AUTO")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","parallelism":"MAX"}""", "InvalidParameterException", "OVERSUBSCRIBE")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","failOnError":"maybe"}""", "InvalidParameterException", "boolean")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","userProvidedEdgeIds":true}""", "InvalidParameterException", "opencypher format")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","dependencies":["x"]}""", "InvalidParameterException", "queueRequest")]
    [InlineData("""{"source":"s3://b","format":"csv","iamRoleArn":"arn:aws:iam::1:role/r","region":"us-east-1","parserConfiguration":{"baseUri":1}}""", "InvalidParameterException", "string values")]
    public async Task Start_validates_its_body(string body, string code, string message)
    {
        await using var api = await EmulatorApi.StartAsync();

        var error = await api.ErrorAsync(HttpMethod.Post, "loader", 400, code, body);

        Assert.Contains(message, error.DetailedMessage);
        Assert.Empty(api.Emulator.Loader.Jobs);
    }

    [Fact]
    public async Task Denied_sources_are_LoadUrlAccessDeniedException_and_paging_needs_errors()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Loader.DenyAccessTo("s3://private/");
        var loadId = await StartAsync(api, Load("s3://public/x"));

        await api.ErrorAsync(HttpMethod.Post, "loader", 400, "LoadUrlAccessDeniedException", Load("s3://private/x", ""","queueRequest":true"""));
        var paging = await api.ErrorAsync(HttpMethod.Get, $"loader/{loadId}?page=2", 400, "InvalidParameterException");
        Assert.Contains("errors set to true", paging.DetailedMessage);
        await api.ErrorAsync(HttpMethod.Get, $"loader/{loadId}?errors=true&errorsPerPage=0", 400, "InvalidParameterException");
        await api.ErrorAsync(HttpMethod.Get, $"loader/{loadId}?details=yes", 400, "InvalidParameterException");
    }

    private static JsonElement Overall(JsonElement status) => status.GetProperty("payload").GetProperty("overallStatus");

    private static async Task<string> StartAsync(EmulatorApi api, string body) =>
        (await api.OkAsync(HttpMethod.Post, "loader", body)).GetProperty("payload").GetProperty("loadId").GetString()!;

    private static async Task<string> StatusAsync(EmulatorApi api, string loadId) =>
        Overall(await api.OkAsync(HttpMethod.Get, $"loader/{loadId}")).GetProperty("status").GetString()!;

    private static async Task<string[]> ListAsync(EmulatorApi api, string path) =>
        (await api.OkAsync(HttpMethod.Get, path)).GetProperty("payload").GetProperty("loadIds").EnumerateArray().Select(static e => e.GetString()!).ToArray();
}
