using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Neptune.Emulator;

/// <summary>One property-graph change for <see cref="StreamRecords.Append(PropertyGraphChange[])"/> (a Neptune <c>PG_JSON</c> record's data).</summary>
/// <param name="Op"><c>ADD</c> or <c>REMOVE</c>.</param>
/// <param name="Id">The element id.</param>
/// <param name="Type"><c>vl</c> (vertex label), <c>vp</c> (vertex property), <c>e</c> (edge), <c>ep</c> (edge property).</param>
/// <param name="Key">The label or property key.</param>
/// <param name="Value">The value object, for example <c>{"value":"person","dataType":"String"}</c>.</param>
/// <param name="From">For an edge: the out-vertex id.</param>
/// <param name="To">For an edge: the in-vertex id.</param>
public sealed record PropertyGraphChange(string Op, string Id, string Type, string Key, JsonNode Value, string? From = null, string? To = null)
{
    /// <summary>A vertex with a label was added.</summary>
    public static PropertyGraphChange AddVertex(string id, string label) => new("ADD", id, "vl", "label", StringValue(label));

    /// <summary>A string property was set on a vertex.</summary>
    public static PropertyGraphChange AddVertexProperty(string id, string key, string value) => new("ADD", id, "vp", key, StringValue(value));

    /// <summary>An edge was added.</summary>
    public static PropertyGraphChange AddEdge(string id, string label, string from, string to) => new("ADD", id, "e", "label", StringValue(label), from, to);

    /// <summary>A vertex label was removed (the vertex was dropped).</summary>
    public static PropertyGraphChange RemoveVertex(string id, string label) => new("REMOVE", id, "vl", "label", StringValue(label));

    private static JsonObject StringValue(string value) => new() { ["value"] = value, ["dataType"] = "String" };
}

/// <summary>One RDF change for <see cref="StreamRecords.Append(SparqlChange[])"/> (a Neptune <c>NQUADS</c> record's data).</summary>
/// <param name="Op"><c>ADD</c> or <c>REMOVE</c>.</param>
/// <param name="Statement">One N-Quads statement, for example <c>&lt;s&gt; &lt;p&gt; "o" .</c>.</param>
public sealed record SparqlChange(string Op, string Statement);

/// <summary>A change-log record as the emulator keeps it.</summary>
/// <param name="CommitNum">The transaction's commit number.</param>
/// <param name="OpNum">The operation number inside the transaction (from 1).</param>
/// <param name="CommitTimestamp">When the transaction was appended, by the emulator's clock.</param>
/// <param name="IsLastOp">Whether this is the transaction's last operation.</param>
/// <param name="Data">The record's <c>data</c> object.</param>
/// <param name="Op">The record's <c>op</c>.</param>
public sealed record StreamRecord(long CommitNum, long OpNum, DateTimeOffset CommitTimestamp, bool IsLastOp, JsonObject Data, string Op);

/// <summary>
/// The property-graph (<c>/propertygraph/stream</c>) and SPARQL (<c>/sparql/stream</c>) change logs. Tests append
/// transactions; each gets the next commit number (shared by both logs, as one engine's) and its operations opNum 1..n.
/// </summary>
public sealed class StreamRecords
{
    private readonly object _gate = new();
    private readonly List<StreamRecord> _propertyGraph = [];
    private readonly List<StreamRecord> _sparql = [];
    private readonly TimeProvider _clock;
    private long _lastCommit;
    private long _expiredThrough;

    internal StreamRecords(TimeProvider clock) => _clock = clock;

    /// <summary>The last commit number given out; 0 before the first append.</summary>
    public long LastCommitNum
    {
        get
        {
            lock (_gate)
            {
                return _lastCommit;
            }
        }
    }

    /// <summary>Appends one property-graph transaction; returns its commit number.</summary>
    public long Append(params PropertyGraphChange[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return Append(_propertyGraph, changes.Select(static c =>
        {
            var data = new JsonObject { ["id"] = c.Id, ["type"] = c.Type, ["key"] = c.Key, ["value"] = c.Value.DeepClone() };
            if (c.From is not null)
            {
                data["from"] = c.From;
            }

            if (c.To is not null)
            {
                data["to"] = c.To;
            }

            return (c.Op, data);
        }).ToArray());
    }

    /// <summary>Appends one SPARQL transaction; returns its commit number.</summary>
    public long Append(params SparqlChange[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return Append(_sparql, changes.Select(static c => (c.Op, new JsonObject { ["stmt"] = c.Statement.EndsWith('\n') ? c.Statement : c.Statement + "\n" })).ToArray());
    }

    /// <summary>
    /// Purges the records of every commit up to and including <paramref name="commitNum"/>, as Neptune's retention does:
    /// reading from a purged position is then <c>ExpiredStreamException</c>.
    /// </summary>
    public void ExpireThrough(long commitNum)
    {
        lock (_gate)
        {
            _expiredThrough = Math.Max(_expiredThrough, commitNum);
            _propertyGraph.RemoveAll(r => r.CommitNum <= commitNum);
            _sparql.RemoveAll(r => r.CommitNum <= commitNum);
        }
    }

    internal long ExpiredThrough
    {
        get
        {
            lock (_gate)
            {
                return _expiredThrough;
            }
        }
    }

    /// <summary>The records of one log (SPARQL or property graph), oldest first.</summary>
    public IReadOnlyList<StreamRecord> Snapshot(bool sparql)
    {
        lock (_gate)
        {
            return (sparql ? _sparql : _propertyGraph).ToArray();
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _propertyGraph.Clear();
            _sparql.Clear();
        }
    }

    private long Append(List<StreamRecord> log, (string Op, JsonObject Data)[] changes)
    {
        if (changes.Length == 0)
        {
            throw new ArgumentException("A transaction needs at least one change.", nameof(changes));
        }

        foreach (var (op, _) in changes)
        {
            if (op is not ("ADD" or "REMOVE"))
            {
                throw new ArgumentException($"Unknown op '{op}': use ADD or REMOVE.", nameof(changes));
            }
        }

        lock (_gate)
        {
            var commit = ++_lastCommit;
            var now = _clock.GetUtcNow();
            for (var i = 0; i < changes.Length; i++)
            {
                log.Add(new StreamRecord(commit, i + 1, now, i == changes.Length - 1, changes[i].Data, changes[i].Op));
            }

            return commit;
        }
    }
}
