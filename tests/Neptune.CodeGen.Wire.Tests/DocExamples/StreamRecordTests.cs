using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// GetPropertygraphStream and GetSparqlStream read from the two responses on the Neptune Streams response-format page.
/// The model types <c>lastEventId</c> and <c>eventId</c> as maps of strings, while the documented service sends numbers
/// (<c>"commitNum": 12</c>); a client must still read them (as their text, the way other AWS SDKs do).
/// </summary>
public sealed class StreamRecordTests
{
    [Fact]
    public async Task Property_graph_stream_reads_records_with_their_change_data()
    {
        var handler = new CapturingHandler(WireClient.DocExample("propertygraph-stream.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest
        {
            IteratorType = "AT_SEQUENCE_NUMBER",
            CommitNum = 1,
            OpNum = 1,
            Limit = 1,
        });

        Assert.Equal("/propertygraph/stream", handler.Single.Uri.AbsolutePath);
        Assert.Equal("12", response.LastEventId!["commitNum"]);
        Assert.Equal("1", response.LastEventId["opNum"]);
        Assert.Equal(1560011610678, response.LastTrxTimestampInMillis);
        Assert.Equal("PG_JSON", response.Format);
        Assert.Equal(1, response.TotalRecords);
        var record = Assert.Single(response.Records!);
        Assert.Equal(1560011610678, record.CommitTimestampInMillis);
        Assert.Equal("1", record.EventId!["commitNum"]);
        Assert.Equal("ADD", record.Op);
        Assert.Null(record.IsLastOp);
        Assert.Equal("d2b59bf8-0d0f-218b-f68b-2aa7b0b1904a", record.Data!.Id);
        Assert.Equal("vl", record.Data.Type);
        Assert.Equal("label", record.Data.Key);
        Assert.Null(record.Data.From);
        var value = Assert.IsType<JsonElement>(record.Data.Value);
        Assert.Equal("vertex", value.GetProperty("value").GetString());
        Assert.Equal("String", value.GetProperty("dataType").GetString());
    }

    [Fact]
    public async Task Sparql_stream_reads_the_statement_and_the_last_operation_flag()
    {
        var handler = new CapturingHandler(WireClient.DocExample("sparql-stream.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetSparqlStreamAsync(new GetSparqlStreamRequest { IteratorType = "TRIM_HORIZON" });

        Assert.Equal("/sparql/stream?iteratorType=TRIM_HORIZON", handler.Single.Uri.PathAndQuery);
        Assert.Equal("97", response.LastEventId!["commitNum"]);
        Assert.Equal(1561489355102, response.LastTrxTimestampInMillis);
        Assert.Equal("NQUADS", response.Format);
        Assert.Equal(1, response.TotalRecords);
        var record = Assert.Single(response.Records!);
        Assert.Equal("97", record.EventId!["commitNum"]);
        Assert.Equal("1", record.EventId["opNum"]);
        Assert.Equal("<https://test.com/s> <https://test.com/p> <https://test.com/o> .\n", record.Data!.Stmt);
        Assert.Equal("ADD", record.Op);
        Assert.True(record.IsLastOp);
    }
}
