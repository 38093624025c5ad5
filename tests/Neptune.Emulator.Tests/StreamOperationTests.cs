using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The property-graph and SPARQL stream operations.</summary>
public sealed class StreamOperationTests
{
    [Fact]
    public async Task A_reader_iterates_across_appends_with_AFTER_SEQUENCE_NUMBER()
    {
        await using var api = await EmulatorApi.StartAsync();
        var streams = api.Emulator.Streams;
        Assert.Equal(1, streams.Append(PropertyGraphChange.AddVertex("v1", "person"), PropertyGraphChange.AddVertexProperty("v1", "name", "Ada")));
        Assert.Equal(2, streams.Append(PropertyGraphChange.AddVertex("v2", "person")));

        var first = await api.OkAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=TRIM_HORIZON&limit=2");
        Assert.Equal("PG_JSON", first.GetProperty("format").GetString());
        Assert.Equal(2, first.GetProperty("totalRecords").GetInt32());
        Assert.Equal(("1", "2"), EventId(first.GetProperty("lastEventId")));
        var records = first.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal("v1", records[0].GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("vl", records[0].GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("ADD", records[0].GetProperty("op").GetString());
        Assert.False(records[0].TryGetProperty("isLastOp", out _));
        Assert.True(records[1].GetProperty("isLastOp").GetBoolean());
        Assert.Equal(EmulatorApi.Start.ToUnixTimeMilliseconds(), first.GetProperty("lastTrxTimestamp").GetInt64());

        var second = await api.OkAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=AFTER_SEQUENCE_NUMBER&commitNum=1&opNum=2");
        Assert.Equal("v2", Assert.Single(second.GetProperty("records").EnumerateArray()).GetProperty("data").GetProperty("id").GetString());

        // Caught up: nothing after the last record until a test appends more.
        await api.ErrorAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=AFTER_SEQUENCE_NUMBER&commitNum=2&opNum=1", 404, "StreamRecordsNotFoundException");
        api.Clock.Advance(System.TimeSpan.FromSeconds(5));
        streams.Append(PropertyGraphChange.AddEdge("e1", "knows", "v1", "v2"));
        var third = await api.OkAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=AFTER_SEQUENCE_NUMBER&commitNum=2&opNum=1");
        var edge = Assert.Single(third.GetProperty("records").EnumerateArray()).GetProperty("data");
        Assert.Equal("v1", edge.GetProperty("from").GetString());
        Assert.Equal("v2", edge.GetProperty("to").GetString());
        Assert.Equal(EmulatorApi.Start.AddSeconds(5).ToUnixTimeMilliseconds(), third.GetProperty("lastTrxTimestamp").GetInt64());
    }

    [Fact]
    public async Task AT_SEQUENCE_NUMBER_and_LATEST_position_the_iterator()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Streams.Append(new SparqlChange("ADD", "<http://a> <http://p> \"1\" ."), new SparqlChange("ADD", "<http://a> <http://p> \"2\" ."));
        api.Emulator.Streams.Append(new SparqlChange("REMOVE", "<http://a> <http://p> \"1\" ."));

        var at = await api.OkAsync(HttpMethod.Get, "sparql/stream?commitNum=1&opNum=2");
        var latest = await api.OkAsync(HttpMethod.Get, "sparql/stream?iteratorType=LATEST");

        Assert.Equal("NQUADS", at.GetProperty("format").GetString());
        Assert.Equal(2, at.GetProperty("totalRecords").GetInt32());
        Assert.Equal("<http://a> <http://p> \"2\" .\n", at.GetProperty("records")[0].GetProperty("data").GetProperty("stmt").GetString());
        Assert.Equal(("2", "1"), EventId(latest.GetProperty("lastEventId")));
        Assert.Equal("REMOVE", Assert.Single(latest.GetProperty("records").EnumerateArray()).GetProperty("op").GetString());
        await api.ErrorAsync(HttpMethod.Get, "sparql/stream?commitNum=1&opNum=9", 404, "StreamRecordsNotFoundException");
        await api.ErrorAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=TRIM_HORIZON", 404, "StreamRecordsNotFoundException");
    }

    [Fact]
    public async Task Expired_positions_are_ExpiredStreamException()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "a"));
        api.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v2", "a"));
        api.Emulator.Streams.ExpireThrough(1);

        var error = await api.ErrorAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=AT_SEQUENCE_NUMBER&commitNum=1", 400, "ExpiredStreamException");
        var horizon = await api.OkAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=TRIM_HORIZON");

        Assert.Contains("TRIM_HORIZON", error.DetailedMessage);
        Assert.Equal(("2", "1"), EventId(horizon.GetProperty("lastEventId")));
    }

    [Fact]
    public async Task Accept_Encoding_gzip_compresses_the_body()
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"));

        using var response = await api.SendAsync(HttpMethod.Get, "propertygraph/stream?iteratorType=TRIM_HORIZON", configure: static r => r.Headers.Add("Accept-Encoding", "gzip"));

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(gzip);
        Assert.Equal(1, document.RootElement.GetProperty("totalRecords").GetInt32());
    }

    [Theory]
    [InlineData("propertygraph/stream?iteratorType=AT_SEQUENCE_NUMBER", "commitNum is required")]
    [InlineData("propertygraph/stream?commitNum=1&limit=0", "limit")]
    [InlineData("sparql/stream?commitNum=1&limit=100001", "limit")]
    [InlineData("sparql/stream?iteratorType=FIRST", "TRIM_HORIZON")]
    [InlineData("sparql/stream?commitNum=abc", "commitNum")]
    public async Task Bad_stream_parameters_are_InvalidParameterException(string path, string message)
    {
        await using var api = await EmulatorApi.StartAsync();
        api.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"));

        var error = await api.ErrorAsync(HttpMethod.Get, path, 400, "InvalidParameterException");

        Assert.Contains(message, error.DetailedMessage);
    }

    private static (string, string) EventId(JsonElement id) => (id.GetProperty("commitNum").GetString()!, id.GetProperty("opNum").GetString()!);
}
