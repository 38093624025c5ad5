using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Neptune.Emulator.Routing;

namespace Neptune.Emulator.Streams;

/// <summary><c>GET /propertygraph/stream</c> and <c>GET /sparql/stream</c>: iterator types, commit and op numbers, limit, gzip.</summary>
internal sealed class StreamOperations
{
    private static readonly string[] IteratorTypes = ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST"];

    private readonly StreamRecords _streams;

    public StreamOperations(StreamRecords streams) => _streams = streams;

    public void Register(Router router)
    {
        router.Add("GET", "/propertygraph/stream", request => Read(request, sparql: false));
        router.Add("GET", "/sparql/stream", request => Read(request, sparql: true));
    }

    private EmulatorResponse Read(EmulatorRequest request, bool sparql)
    {
        var limit = request.QueryLong("limit", 1, 100_000) ?? 10;
        var iterator = request.QueryEnum("iteratorType", IteratorTypes) ?? "AT_SEQUENCE_NUMBER";
        var commitNum = request.QueryLong("commitNum", 1, long.MaxValue);
        var opNum = request.QueryLong("opNum", 1, long.MaxValue) ?? 1;
        if (iterator is "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER" && commitNum is null)
        {
            throw Reject.InvalidParameter($"commitNum is required with iteratorType {iterator}.");
        }

        if (commitNum is { } requested && requested <= _streams.ExpiredThrough)
        {
            throw Reject.With(400, "ExpiredStreamException",
                $"The stream records of commitNum {requested} have expired; the oldest available commit is after {_streams.ExpiredThrough}. Start again with iteratorType TRIM_HORIZON.");
        }

        var records = _streams.Snapshot(sparql);
        IEnumerable<StreamRecord> selected = iterator switch
        {
            "TRIM_HORIZON" => records,
            "LATEST" => records.Skip(Math.Max(0, records.Count - 1)),
            "AT_SEQUENCE_NUMBER" => AtOrAfter(records, commitNum!.Value, opNum, inclusive: true),
            _ => AtOrAfter(records, commitNum!.Value, opNum, inclusive: false),
        };
        var page = selected.Take((int)Math.Min(limit, int.MaxValue)).ToArray();
        if (page.Length == 0)
        {
            throw Reject.With(404, "StreamRecordsNotFoundException", iterator is "TRIM_HORIZON" or "LATEST"
                ? "The stream has no records."
                : $"No stream records found {(iterator == "AT_SEQUENCE_NUMBER" ? "at" : "after")} commitNum {commitNum}, opNum {opNum}.");
        }

        var last = page[^1];
        var json = new JsonObject
        {
            ["lastEventId"] = EventId(last),
            ["lastTrxTimestamp"] = last.CommitTimestamp.ToUnixTimeMilliseconds(),
            ["format"] = sparql ? "NQUADS" : "PG_JSON",
            ["records"] = new JsonArray(page.Select(static r => (JsonNode)Record(r)).ToArray()),
            ["totalRecords"] = page.Length,
        };

        var response = Router.Ok(json);
        var acceptEncoding = request.Header("Accept-Encoding");
        return acceptEncoding is not null && acceptEncoding.Split(',').Any(static e => e.Trim().Split(';')[0].Equals("gzip", StringComparison.OrdinalIgnoreCase))
            ? response with { ExtraHeaders = [new("Content-Encoding", "gzip")] }
            : response;
    }

    /// <summary>AT: the record with this commit and op must exist. AFTER: everything after that position.</summary>
    private static IEnumerable<StreamRecord> AtOrAfter(IReadOnlyList<StreamRecord> records, long commitNum, long opNum, bool inclusive)
    {
        if (inclusive)
        {
            var start = -1;
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].CommitNum == commitNum && records[i].OpNum == opNum)
                {
                    start = i;
                    break;
                }
            }

            return start < 0 ? [] : records.Skip(start);
        }

        return records.Where(r => r.CommitNum > commitNum || (r.CommitNum == commitNum && r.OpNum > opNum));
    }

    private static JsonObject EventId(StreamRecord record) => new()
    {
        // The model types eventId as a string map, so the numbers are sent as strings.
        ["commitNum"] = record.CommitNum.ToString(CultureInfo.InvariantCulture),
        ["opNum"] = record.OpNum.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Record(StreamRecord record)
    {
        var json = new JsonObject
        {
            ["commitTimestamp"] = record.CommitTimestamp.ToUnixTimeMilliseconds(),
            ["eventId"] = EventId(record),
            ["data"] = record.Data.DeepClone(),
            ["op"] = record.Op,
        };
        if (record.IsLastOp)
        {
            json["isLastOp"] = true;
        }

        return json;
    }
}
