using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Neptune.Emulator;

/// <summary>The bulk-loader status values the emulator reports (a subset of Neptune's).</summary>
public static class LoadStatus
{
    /// <summary>Waiting behind another load (<c>queueRequest</c> was true).</summary>
    public const string InQueue = "LOAD_IN_QUEUE";

    /// <summary>Loading.</summary>
    public const string InProgress = "LOAD_IN_PROGRESS";

    /// <summary>Finished (with <c>failOnError=false</c>, possibly with errors counted).</summary>
    public const string Completed = "LOAD_COMPLETED";

    /// <summary>Stopped on errors (<c>failOnError</c> true, the default).</summary>
    public const string Failed = "LOAD_FAILED";

    /// <summary>Cancelled through <c>DELETE /loader/{loadId}</c>.</summary>
    public const string CancelledByUser = "LOAD_CANCELLED_BY_USER";

    /// <summary>A load it depended on did not complete.</summary>
    public const string DependencyNotSatisfied = "LOAD_FAILED_BECAUSE_DEPENDENCY_NOT_SATISFIED";

    internal static bool IsTerminal(string status) => status is not (InQueue or InProgress);
}

/// <summary>A snapshot of one bulk-load job as of the emulator's clock.</summary>
public sealed record LoadJob
{
    /// <summary>The load id (a GUID).</summary>
    public required string LoadId { get; init; }

    /// <summary>The status, for example <see cref="LoadStatus.InProgress"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The <c>source</c> URI.</summary>
    public required string Source { get; init; }

    /// <summary>The <c>format</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The <c>iamRoleArn</c>.</summary>
    public required string IamRoleArn { get; init; }

    /// <summary>The <c>mode</c> (default <c>AUTO</c>).</summary>
    public required string Mode { get; init; }

    /// <summary>The <c>parallelism</c> (default <c>HIGH</c>).</summary>
    public required string Parallelism { get; init; }

    /// <summary>The <c>failOnError</c> value (default true).</summary>
    public required bool FailOnError { get; init; }

    /// <summary>The <c>queueRequest</c> value (default false).</summary>
    public required bool QueueRequest { get; init; }

    /// <summary>The load ids this load waits for.</summary>
    public required IReadOnlyList<string> Dependencies { get; init; }

    /// <summary>The <c>parserConfiguration</c> map.</summary>
    public required IReadOnlyDictionary<string, string> ParserConfiguration { get; init; }

    /// <summary>When the start request arrived.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When loading began; null while queued.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the load ended (or will end, while in progress).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>How many parsing errors the load has (made up through <see cref="LoaderJobs.FailLoadsFrom"/>).</summary>
    public int ParsingErrors { get; init; }
}

/// <summary>
/// The bulk loader of one emulator. Loads run one at a time in start order on the emulator's clock
/// (each takes <see cref="NeptuneEmulatorOptions.LoadJobDuration"/>); queued loads wait for the one running
/// and for their <c>dependencies</c>.
/// </summary>
public sealed class LoaderJobs
{
    /// <summary>How many records a successful load reports.</summary>
    public const int RecordsPerLoad = 1000;

    private readonly object _gate = new();
    private readonly List<LoadJob> _jobs = [];
    private readonly List<(string Prefix, int Errors)> _failing = [];
    private readonly List<string> _denied = [];
    private readonly NeptuneEmulatorOptions _options;

    internal LoaderJobs(NeptuneEmulatorOptions options) => _options = options;

    /// <summary>Every load, in start order, as of the emulator's clock.</summary>
    public IReadOnlyList<LoadJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                Advance(_options.TimeProvider.GetUtcNow());
                return _jobs.ToArray();
            }
        }
    }

    /// <summary>Gets a load as of the emulator's clock.</summary>
    public bool TryGet(string loadId, [NotNullWhen(true)] out LoadJob? job)
    {
        ArgumentNullException.ThrowIfNull(loadId);
        lock (_gate)
        {
            Advance(_options.TimeProvider.GetUtcNow());
            job = _jobs.Find(j => j.LoadId == loadId);
            return job is not null;
        }
    }

    /// <summary>
    /// Loads whose <c>source</c> starts with <paramref name="sourcePrefix"/> hit <paramref name="parsingErrors"/> parsing errors:
    /// they end <see cref="LoadStatus.Failed"/> (or <see cref="LoadStatus.Completed"/> with the errors counted when <c>failOnError</c> is false).
    /// </summary>
    public void FailLoadsFrom(string sourcePrefix, int parsingErrors = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(parsingErrors, 1);
        lock (_gate)
        {
            _failing.Add((sourcePrefix, parsingErrors));
        }
    }

    /// <summary>Start requests whose <c>source</c> starts with <paramref name="sourcePrefix"/> are refused with <c>LoadUrlAccessDeniedException</c>.</summary>
    public void DenyAccessTo(string sourcePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePrefix);
        lock (_gate)
        {
            _denied.Add(sourcePrefix);
        }
    }

    internal bool IsDenied(string source)
    {
        lock (_gate)
        {
            return _denied.Any(prefix => source.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Adds a load unless the one-at-a-time rule refuses it; returns the refusal message or null.</summary>
    internal string? TryAdd(LoadJob job)
    {
        lock (_gate)
        {
            Advance(job.SubmittedAt);
            var active = _jobs.Count(static j => !LoadStatus.IsTerminal(j.Status));
            if (active > 0 && !job.QueueRequest)
            {
                return $"Failed to start new load for the source {job.Source}. Max concurrent load limit breached. Limit is 1 (set queueRequest to true to queue it).";
            }

            if (_jobs.Count(static j => j.Status == LoadStatus.InQueue) >= 64)
            {
                return "Failed to start new load: the load queue is full (64 queued loads).";
            }

            var errors = _failing.Where(f => job.Source.StartsWith(f.Prefix, StringComparison.Ordinal)).Select(static f => f.Errors).DefaultIfEmpty(0).Max();
            _jobs.Add(job with { Status = LoadStatus.InQueue, ParsingErrors = errors });
            Advance(job.SubmittedAt);
            return null;
        }
    }

    internal bool Exists(string loadId)
    {
        lock (_gate)
        {
            return _jobs.Exists(j => j.LoadId == loadId);
        }
    }

    /// <summary>Cancels a queued or running load; returns the load as it was, or null when unknown.</summary>
    internal LoadJob? Cancel(string loadId, DateTimeOffset now)
    {
        lock (_gate)
        {
            Advance(now);
            var index = _jobs.FindIndex(j => j.LoadId == loadId);
            if (index < 0)
            {
                return null;
            }

            var before = _jobs[index];
            if (!LoadStatus.IsTerminal(before.Status))
            {
                _jobs[index] = before with { Status = LoadStatus.CancelledByUser, EndsAt = now };
                Advance(now);
            }

            return before;
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _jobs.Clear();
        }
    }

    /// <summary>Replays the one-at-a-time queue up to <paramref name="now"/>. Call with the gate held.</summary>
    private void Advance(DateTimeOffset now)
    {
        while (true)
        {
            var running = _jobs.FindIndex(static j => j.Status == LoadStatus.InProgress);
            DateTimeOffset freeAt;
            if (running >= 0)
            {
                var job = _jobs[running];
                if (job.EndsAt > now)
                {
                    return;
                }

                _jobs[running] = job with { Status = job.ParsingErrors > 0 && job.FailOnError ? LoadStatus.Failed : LoadStatus.Completed };
                freeAt = job.EndsAt!.Value;
            }
            else
            {
                freeAt = _jobs.Where(static j => j.EndsAt is not null).Select(static j => j.EndsAt!.Value).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            }

            var next = _jobs.FindIndex(j => j.Status == LoadStatus.InQueue && j.Dependencies.All(d => IsFinished(d)));
            if (next < 0)
            {
                return;
            }

            var queued = _jobs[next];
            var startAt = freeAt > queued.SubmittedAt ? freeAt : queued.SubmittedAt;
            if (startAt > now)
            {
                return;
            }

            _jobs[next] = queued.Dependencies.All(d => _jobs.Find(j => j.LoadId == d)?.Status == LoadStatus.Completed)
                ? queued with { Status = LoadStatus.InProgress, StartedAt = startAt, EndsAt = startAt + _options.LoadJobDuration }
                : queued with { Status = LoadStatus.DependencyNotSatisfied, EndsAt = startAt };
        }
    }

    private bool IsFinished(string loadId) => _jobs.Find(j => j.LoadId == loadId) is not { } job || LoadStatus.IsTerminal(job.Status);
}
