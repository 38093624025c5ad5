using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>The 2 stream operations through the generated client: reading on across appends, gzip, purged and missing positions.</summary>
public sealed class StreamsOperationsTests
{
    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task PropertyGraphStream_IsReadOnAcrossAppends()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var first = env.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"), PropertyGraphChange.AddVertexProperty("v1", "name", "Ada"));

        var page = await env.Client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest { IteratorType = IteratorType.TrimHorizon });

        Assert.Equal("PG_JSON", page.Format);
        Assert.Equal(2, page.TotalRecords);
        Assert.Equal(env.NowInMillis, page.LastTrxTimestampInMillis);
        Assert.Equal(Text(first), page.LastEventId!["commitNum"]);
        Assert.Equal("2", page.LastEventId["opNum"]);
        var records = page.Records!;
        Assert.Equal(new[] { "vl", "vp" }, records.Select(static r => r.Data!.Type));
        Assert.All(records, static r => Assert.Equal("v1", r.Data!.Id));
        Assert.Equal("person", records[0].Data!.Value!.Value.GetProperty("value").GetString());
        Assert.Equal("name", records[1].Data!.Key);
        Assert.NotEqual(true, records[0].IsLastOp);
        Assert.True(records[1].IsLastOp);
        Assert.All(records, static r => Assert.Equal("ADD", r.Op));
        Assert.Equal(env.NowInMillis, records[0].CommitTimestampInMillis);

        env.Advance(System.TimeSpan.FromSeconds(5));
        var second = env.Emulator.Streams.Append(PropertyGraphChange.AddEdge("e1", "knows", "v1", "v2"));
        var next = await env.Client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest
        {
            IteratorType = IteratorType.AfterSequenceNumber,
            CommitNum = long.Parse(page.LastEventId["commitNum"], CultureInfo.InvariantCulture),
            OpNum = long.Parse(page.LastEventId["opNum"], CultureInfo.InvariantCulture),
            Limit = 100,
        });

        var edge = Assert.Single(next.Records!);
        Assert.Equal(Text(second), edge.EventId!["commitNum"]);
        Assert.Equal("1", edge.EventId["opNum"]);
        Assert.Equal("e", edge.Data!.Type);
        Assert.Equal("v1", edge.Data.From);
        Assert.Equal("v2", edge.Data.To);
        Assert.True(edge.IsLastOp);
        Assert.Equal(env.NowInMillis, next.LastTrxTimestampInMillis);
        Assert.Contains($"commitNum={Text(first)}", env.Emulator.ReceivedRequests[^1].RawQuery);

        var latest = await env.Client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest { IteratorType = IteratorType.Latest });
        Assert.Equal("e1", Assert.Single(latest.Records!).Data!.Id);
    }

    [Fact]
    public async Task GzipEncoding_IsAskedFor_AndTheCompressedPageIsRead()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var commit = env.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"), PropertyGraphChange.AddVertex("v2", "person"));
        env.Emulator.Streams.Append(new SparqlChange("ADD", "<http://a> <http://p> \"o\" ."));

        var page = await env.Client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest
        {
            IteratorType = IteratorType.AtSequenceNumber,
            CommitNum = commit,
            OpNum = 2,
            Encoding = Encoding.Gzip,
        });
        var propertyGraphRequest = env.Emulator.ReceivedRequests[^1];
        var sparql = await env.Client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = IteratorType.TrimHorizon, Encoding = Encoding.Gzip });

        Assert.Equal("gzip", propertyGraphRequest.GetHeader("Accept-Encoding"));
        Assert.Equal("v2", Assert.Single(page.Records!).Data!.Id);
        Assert.Equal("NQUADS", sparql.Format);
        Assert.Equal("<http://a> <http://p> \"o\" .\n", Assert.Single(sparql.Records!).Data!.Stmt);
    }

    [Fact]
    public async Task SparqlStream_IsReadOnAcrossAppends()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var first = env.Emulator.Streams.Append(new SparqlChange("ADD", "<http://a> <http://p> \"1\" ."));
        env.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"));
        var third = env.Emulator.Streams.Append(new SparqlChange("ADD", "<http://a> <http://p> \"2\" ."), new SparqlChange("REMOVE", "<http://a> <http://p> \"1\" ."));

        var page = await env.Client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = IteratorType.AtSequenceNumber, CommitNum = first, Limit = 2 });

        Assert.Equal("NQUADS", page.Format);
        Assert.Equal(2, page.TotalRecords);
        Assert.Equal(new[] { Text(first), Text(third) }, page.Records!.Select(static r => r.EventId!["commitNum"]));
        // Each statement is an N-Quads line, ending with its newline.
        Assert.Equal("<http://a> <http://p> \"2\" .\n", page.Records![1].Data!.Stmt);
        var rest = await env.Client.GetSparqlStreamAsync(new GetSparqlStreamRequest
        {
            IteratorType = IteratorType.AfterSequenceNumber,
            CommitNum = long.Parse(page.LastEventId!["commitNum"], CultureInfo.InvariantCulture),
            OpNum = long.Parse(page.LastEventId["opNum"], CultureInfo.InvariantCulture),
        });
        var removal = Assert.Single(rest.Records!);
        Assert.Equal("REMOVE", removal.Op);
        Assert.True(removal.IsLastOp);
    }

    [Fact]
    public async Task MissingAndPurgedPositions_ThrowTheTypedStreamExceptions()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        await env.ThrowsAsync<StreamRecordsNotFoundException>(
            () => client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest { IteratorType = IteratorType.TrimHorizon }),
            "StreamRecordsNotFoundException", HttpStatusCode.NotFound);
        var first = env.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"));
        var second = env.Emulator.Streams.Append(new SparqlChange("ADD", "<http://a> <http://p> \"o\" ."));
        await env.ThrowsAsync<StreamRecordsNotFoundException>(
            () => client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = IteratorType.AfterSequenceNumber, CommitNum = second, OpNum = 1 }),
            "StreamRecordsNotFoundException", HttpStatusCode.NotFound);

        env.Emulator.Streams.ExpireThrough(first);

        var expired = await env.ThrowsAsync<ExpiredStreamException>(
            () => client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest { IteratorType = IteratorType.AtSequenceNumber, CommitNum = first }),
            "ExpiredStreamException", HttpStatusCode.BadRequest);
        Assert.Contains("TRIM_HORIZON", expired.DetailedMessage);
        await env.ThrowsAsync<ExpiredStreamException>(
            () => client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = IteratorType.AtSequenceNumber, CommitNum = first }),
            "ExpiredStreamException", HttpStatusCode.BadRequest);
        Assert.Equal(Text(second), Assert.Single((await client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = IteratorType.TrimHorizon })).Records!).EventId!["commitNum"]);
    }
}
