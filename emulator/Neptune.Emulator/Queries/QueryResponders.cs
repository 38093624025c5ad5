using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;

namespace Neptune.Emulator;

/// <summary>
/// What the emulator answers to Gremlin or openCypher queries. The emulator is not a graph database: tests (or the tool's user)
/// register responders; the first whose predicate matches the query text answers, otherwise <see cref="Default"/>.
/// </summary>
public sealed class QueryResponders
{
    private readonly ConcurrentQueue<Responder> _responders = new();
    private readonly ConcurrentDictionary<string, RunningQuery> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _received = new();
    private JsonNode _default;

    internal QueryResponders(string language, JsonNode defaultResult)
    {
        Language = language;
        _default = defaultResult;
    }

    /// <summary><c>gremlin</c> or <c>opencypher</c>.</summary>
    public string Language { get; }

    /// <summary>
    /// The result when no responder matches: for Gremlin the <c>result.data</c> value (default an empty GraphSON list),
    /// for openCypher the <c>results</c> value (default an empty array).
    /// </summary>
    public JsonNode Default
    {
        get => _default.DeepClone();
        set => _default = value?.DeepClone() ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Every query text received by execute, explain and profile, in order.</summary>
    public IReadOnlyList<string> ReceivedQueries => _received.ToArray();

    /// <summary>The queries running now (until they end on the emulator's clock or are cancelled).</summary>
    public IReadOnlyList<RunningQuery> Running => _running.Values.OrderBy(static q => q.StartedAt).ToArray();

    /// <summary>
    /// Answers queries that <paramref name="match"/> accepts with <paramref name="result"/>. With a <paramref name="duration"/>,
    /// the query runs that long on the emulator's clock: it shows in the status operations and can be cancelled meanwhile.
    /// </summary>
    public QueryResponders When(Func<string, bool> match, JsonNode result, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(result);
        if (duration is { } d)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(d, TimeSpan.Zero);
        }

        _responders.Enqueue(new Responder(match, result.DeepClone(), duration ?? TimeSpan.Zero, null));
        return this;
    }

    /// <summary>Answers queries that <paramref name="match"/> accepts with a Neptune error, for example 400 <c>MalformedQueryException</c>.</summary>
    public QueryResponders WhenFails(Func<string, bool> match, int statusCode, string errorCode, string message)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentNullException.ThrowIfNull(message);
        _responders.Enqueue(new Responder(match, null, TimeSpan.Zero, EmulatorResponse.Failure(statusCode, errorCode, message)));
        return this;
    }

    /// <summary>Removes every responder (the default stays).</summary>
    public void Clear() => _responders.Clear();

    internal Responder Find(string query)
    {
        _received.Enqueue(query);
        return _responders.FirstOrDefault(r => r.Match(query)) ?? new Responder(static _ => true, Default, TimeSpan.Zero, null);
    }

    internal RunningQuery Start(string query, DateTimeOffset now)
    {
        var running = new RunningQuery(Guid.NewGuid().ToString("D"), query, now);
        _running[running.QueryId] = running;
        return running;
    }

    internal void End(RunningQuery query) => _running.TryRemove(query.QueryId, out _);

    internal bool TryGetRunning(string queryId, out RunningQuery query) => _running.TryGetValue(queryId, out query!);

    internal void ClearRunning()
    {
        foreach (var query in _running.Values)
        {
            query.Cancel();
        }
    }

    internal sealed record Responder(Func<string, bool> Match, JsonNode? Result, TimeSpan Duration, EmulatorResponse? Error);
}

/// <summary>A query that is running in the emulator.</summary>
public sealed class RunningQuery
{
    private readonly CancellationTokenSource _cancelled = new();

    internal RunningQuery(string queryId, string queryString, DateTimeOffset startedAt)
    {
        QueryId = queryId;
        QueryString = queryString;
        StartedAt = startedAt;
    }

    /// <summary>The query id (a GUID), as the status operations report it.</summary>
    public string QueryId { get; }

    /// <summary>The query text.</summary>
    public string QueryString { get; }

    /// <summary>When it started, by the emulator's clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Whether a cancel request reached it.</summary>
    public bool IsCancelled => _cancelled.IsCancellationRequested;

    /// <summary>Cancelled with <c>silent=true</c> (openCypher): the query's own request ends with an empty result, not an error.</summary>
    public bool IsSilent { get; private set; }

    internal void Cancel(bool silent = false)
    {
        IsSilent = silent;
        _cancelled.Cancel();
    }
}
