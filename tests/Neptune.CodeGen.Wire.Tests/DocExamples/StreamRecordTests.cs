using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>
/// GetPropertygraphStream and GetSparqlStream read from the two responses on the Neptune Streams response-format page.
/// The model types <c>lastEventId</c> and <c>eventId</c> as maps of strings, while the documented service sends numbers
/// (<c>"commitNum": 12</c>); a client must still read them (as their text, the way other AWS SDKs do). The
/// <c>..._with_string_event_ids</c> tests read the same responses with those numbers quoted, so the rest of the record
/// layout is checked on its own.
/// </summary>
public sealed class StreamRecordTests
{
    [Fact]
    public Task Property_graph_stream_reads_records_with_their_change_data() =>
        ReadPropertygraphStreamAsync(WireClient.DocExample("propertygraph-stream.json"));

    [Fact]
    public Task Property_graph_stream_with_string_event_ids_reads_records_with_their_change_data() =>
        ReadPropertygraphStreamAsync(QuoteEventIds(WireClient.DocExample("propertygraph-stream.json")));

    [Fact]
    public Task Sparql_stream_reads_the_statement_and_the_last_operation_flag() =>
        ReadSparqlStreamAsync(WireClient.DocExample("sparql-stream.json"));

    [Fact]
    public Task Sparql_stream_with_string_event_ids_reads_the_statement_and_the_last_operation_flag() =>
        ReadSparqlStreamAsync(QuoteEventIds(WireClient.DocExample("sparql-stream.json")));

    private static async Task ReadPropertygraphStreamAsync(string responseJson)
    {
        var handler = new CapturingHandler(responseJson);
        using var client = WireClient.Create(handler);

        var response = await client.GetPropertygraphStreamAsync(new GetPropertygraphStreamRequest
        {
            IteratorType = "AT_SEQUENCE_NUMBER",
            CommitNum = 1,
            OpNum = 1,
            Limit = 1,
        });

        Assert.Equal("/propertygraph/stream", handler.Single.Uri.AbsolutePath);
        Assert.Equal(
            ["commitNum=1", "iteratorType=AT_SEQUENCE_NUMBER", "limit=1", "opNum=1"],
            handler.Single.Query.Select(pair => $"{pair.Key}={pair.Value}").Order());
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

    private static async Task ReadSparqlStreamAsync(string responseJson)
    {
        var handler = new CapturingHandler(responseJson);
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

    /// <summary>The same response with every <c>commitNum</c>/<c>opNum</c> written as a JSON string, as the model types them.</summary>
    private static string QuoteEventIds(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var eventIds = new[] { root["lastEventId"]!.AsObject() }
            .Concat(root["records"]!.AsArray().Select(record => record!["eventId"]!.AsObject()));
        foreach (var eventId in eventIds)
        {
            foreach (var key in eventId.Select(property => property.Key).ToList())
            {
                eventId[key] = eventId[key]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return root.ToJsonString();
    }
}
