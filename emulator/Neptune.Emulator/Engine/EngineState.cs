using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;

namespace Neptune.Emulator;

/// <summary>What <c>GET /status</c> reports, and the fast-reset state. Settable by tests.</summary>
public sealed class EngineState
{
    private readonly object _gate = new();
    private string? _resetToken;
    private DateTimeOffset _resetTokenExpires;
    private int _resetCount;

    internal EngineState(DateTimeOffset startTime) => StartTime = startTime;

    /// <summary>The engine status, default <c>healthy</c> (Neptune also reports <c>recovery</c>).</summary>
    public string Status { get; set; } = "healthy";

    /// <summary>The instance role: <c>writer</c> (default) or <c>reader</c>. A reader refuses writes with <c>ReadOnlyViolationException</c>.</summary>
    public string Role { get; set; } = "writer";

    /// <summary>The engine version reported, default <c>1.4.5.1.R1</c>.</summary>
    public string DbEngineVersion { get; set; } = "1.4.5.1.R1";

    /// <summary>When the emulator started, by its clock (reported as <c>startTime</c>).</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>How many fast resets were performed.</summary>
    public int ResetCount => Volatile.Read(ref _resetCount);

    internal bool IsReader => string.Equals(Role, "reader", StringComparison.OrdinalIgnoreCase);

    internal JsonObject ToJson() => new()
    {
        ["status"] = Status,
        ["startTime"] = StartTime.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture),
        ["dbEngineVersion"] = DbEngineVersion,
        ["role"] = Role,
        ["dfeQueryEngine"] = "viaQueryHint",
        ["gremlin"] = new JsonObject { ["version"] = "tinkerpop-3.7.3" },
        ["sparql"] = new JsonObject { ["version"] = "sparql-1.1" },
        ["opencypher"] = new JsonObject { ["version"] = "Neptune-9.0.20190305-1.0" },
        ["labMode"] = new JsonObject { ["ObjectIndex"] = "disabled", ["ReadWriteConflictDetection"] = "enabled" },
        ["features"] = new JsonObject
        {
            ["SlowQueryLogs"] = "disabled",
            ["ResultCache"] = new JsonObject { ["status"] = "disabled" },
            ["IAMAuthentication"] = "enabled",
            ["Streams"] = "enabled",
            ["AuditLog"] = "disabled",
        },
        ["settings"] = new JsonObject { ["clusterQueryTimeoutInMs"] = "120000", ["SlowQueryLogsThreshold"] = "5000" },
    };

    /// <summary>Step one of a fast reset: a new token, valid for an hour (it replaces any earlier one).</summary>
    internal string InitiateReset(DateTimeOffset now)
    {
        lock (_gate)
        {
            _resetToken = Guid.NewGuid().ToString("D");
            _resetTokenExpires = now.AddHours(1);
            return _resetToken;
        }
    }

    /// <summary>Step two: true when <paramref name="token"/> is the current, unexpired token (it is then used up).</summary>
    internal bool TryPerformReset(string token, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_resetToken is null || token != _resetToken || now >= _resetTokenExpires)
            {
                return false;
            }

            _resetToken = null;
            _resetCount++;
            return true;
        }
    }
}

/// <summary>The statistics and graph summary of one data model (property graph or RDF). Settable by tests.</summary>
public sealed class GraphStatistics
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private long _nextId;

    internal GraphStatistics(TimeProvider clock, JsonObject summary)
    {
        _clock = clock;
        GraphSummary = summary;
        Refresh();
    }

    /// <summary>Whether statistics are computed automatically (<c>autoCompute</c>), default true.</summary>
    public bool AutoCompute { get; set; } = true;

    /// <summary>Whether statistics exist. False after a delete (or a fast reset) until a <c>refresh</c>: reads then give <c>StatisticsNotAvailableException</c>.</summary>
    public bool Available { get; private set; }

    /// <summary>The current statistics id, or null when none are available.</summary>
    public string? StatisticsId { get; private set; }

    /// <summary>When the statistics were last computed, by the emulator's clock.</summary>
    public DateTimeOffset? ComputedAt { get; private set; }

    /// <summary>
    /// The detailed graph summary (<c>graphSummary</c> of <c>mode=detailed</c>). <c>mode=basic</c> answers the same object
    /// without the structure lists (<c>nodeStructures</c>, <c>edgeStructures</c>, <c>subjectStructures</c>).
    /// </summary>
    public JsonObject GraphSummary { get; set; }

    /// <summary>Computes statistics now (as a <c>refresh</c> request does); returns the new statistics id.</summary>
    public string Refresh()
    {
        lock (_gate)
        {
            Available = true;
            ComputedAt = _clock.GetUtcNow();
            StatisticsId = (ComputedAt.Value.ToUnixTimeMilliseconds() + Interlocked.Increment(ref _nextId)).ToString(CultureInfo.InvariantCulture);
            return StatisticsId;
        }
    }

    /// <summary>Deletes the statistics (as a delete request does).</summary>
    public void Delete()
    {
        lock (_gate)
        {
            Available = false;
            StatisticsId = null;
            ComputedAt = null;
        }
    }
}
