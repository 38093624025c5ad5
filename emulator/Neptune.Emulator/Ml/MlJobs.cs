using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;

namespace Neptune.Emulator;

/// <summary>The four kinds of Neptune ML resource the emulator keeps.</summary>
public enum MlJobKind
{
    /// <summary>A data-processing job (<c>/ml/dataprocessing</c>).</summary>
    DataProcessing,

    /// <summary>A model-training job (<c>/ml/modeltraining</c>).</summary>
    ModelTraining,

    /// <summary>A model-transform job (<c>/ml/modeltransform</c>).</summary>
    ModelTransform,

    /// <summary>An inference endpoint (<c>/ml/endpoints</c>).</summary>
    Endpoint,
}

/// <summary>The status strings Neptune ML reports (SageMaker's).</summary>
public static class MlJobStatus
{
    /// <summary>A job is running.</summary>
    public const string InProgress = "InProgress";

    /// <summary>A job finished successfully.</summary>
    public const string Completed = "Completed";

    /// <summary>A job or endpoint failed.</summary>
    public const string Failed = "Failed";

    /// <summary>A cancel was accepted; the job becomes <see cref="Stopped"/> after <see cref="NeptuneEmulatorOptions.MlStopDuration"/>.</summary>
    public const string Stopping = "Stopping";

    /// <summary>A cancelled job has stopped.</summary>
    public const string Stopped = "Stopped";

    /// <summary>An endpoint is being created (or updated).</summary>
    public const string Creating = "Creating";

    /// <summary>An endpoint is ready.</summary>
    public const string InService = "InService";

    /// <summary>An endpoint is being deleted; it is gone after <see cref="NeptuneEmulatorOptions.MlStopDuration"/>.</summary>
    public const string Deleting = "Deleting";

    internal static bool IsTerminal(string status) =>
        string.Equals(status, Stopped, StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, Completed, StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, Failed, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A snapshot of one Neptune ML job or endpoint held by the emulator, with its status as of the emulator's clock.</summary>
public sealed record MlJob
{
    /// <summary>Which kind of resource this is.</summary>
    public required MlJobKind Kind { get; init; }

    /// <summary>The id, exactly as the client sent it (after one percent-decoding of the URI label).</summary>
    public required string Id { get; init; }

    /// <summary>The status, for example <see cref="MlJobStatus.InProgress"/>.</summary>
    public required string Status { get; init; }

    /// <summary>When the job was added or started, by the emulator's clock.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The made-up SageMaker ARN.</summary>
    public required string Arn { get; init; }

    /// <summary>The start request's members (wire names), or empty for a job added by a test.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The last <c>neptuneIamRoleArn</c> a request about this job gave, or null.</summary>
    public string? NeptuneIamRoleArn { get; init; }

    /// <summary>The <c>clean</c> value of the last accepted cancel or delete; null when none gave one.</summary>
    public bool? Clean { get; init; }

    /// <summary>How many cancel (or delete) requests were accepted.</summary>
    public int CancelCount { get; init; }

    /// <summary>Why the job failed, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When a running job finishes on its own; null for jobs added by a test (they keep their status).</summary>
    public DateTimeOffset? CompletesAt { get; init; }

    /// <summary>When a stopping job becomes stopped (or a deleting endpoint disappears).</summary>
    public DateTimeOffset? StopsAt { get; init; }

    internal long Sequence { get; init; }

    /// <summary>Started through the API, so it moves on the clock; false for jobs added or set by a test.</summary>
    internal bool OnClock { get; init; }

    internal string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The Neptune ML jobs and endpoints of one emulator. Jobs started through the API move on the emulator's clock
/// (<see cref="NeptuneEmulatorOptions.TimeProvider"/>); jobs added here keep their status until changed.
/// </summary>
public sealed class MlJobs
{
    private readonly ConcurrentDictionary<(MlJobKind Kind, string Id), MlJob> _jobs = new();
    private readonly NeptuneEmulatorOptions _options;
    private long _sequence;

    internal MlJobs(NeptuneEmulatorOptions options) => _options = options;

    /// <summary>Adds a job (or endpoint), or replaces the one with the same kind and id. It keeps <paramref name="status"/> until changed.</summary>
    public MlJob Add(MlJobKind kind, string id, string status)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        var job = Create(kind, id, status, new Dictionary<string, string>(), completesAt: null);
        _jobs[(kind, id)] = job;
        return job;
    }

    /// <summary>Gets a job as of the emulator's clock.</summary>
    public bool TryGet(MlJobKind kind, string id, [NotNullWhen(true)] out MlJob? job)
    {
        ArgumentNullException.ThrowIfNull(id);
        job = Advance(kind, id);
        return job is not null;
    }

    /// <summary>Every job of one kind, in creation order, as of the emulator's clock.</summary>
    public IReadOnlyList<MlJob> List(MlJobKind kind) =>
        _jobs.Keys.Where(k => k.Kind == kind).Select(k => Advance(k.Kind, k.Id)).OfType<MlJob>().OrderBy(static j => j.Sequence).ToArray();

    /// <summary>Sets a job's status (it stops moving on the clock); false when there is no such job.</summary>
    public bool SetStatus(MlJobKind kind, string id, string status)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        return TryUpdate(kind, id, job => job with { Status = status, CompletesAt = null, StopsAt = null, OnClock = false }, out _);
    }

    /// <summary>Makes a job fail now with <paramref name="reason"/> (its <c>failureReason</c>); false when there is no such job.</summary>
    public bool Fail(MlJobKind kind, string id, string reason)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return TryUpdate(kind, id, job => job with { Status = MlJobStatus.Failed, FailureReason = reason, CompletesAt = null, StopsAt = null, OnClock = false }, out _);
    }

    internal MlJob Create(MlJobKind kind, string id, string status, IReadOnlyDictionary<string, string> parameters, DateTimeOffset? completesAt) => new()
    {
        Kind = kind,
        Id = id,
        Status = status,
        CreatedAt = _options.TimeProvider.GetUtcNow(),
        Arn = ArnFor(kind, id),
        Parameters = parameters,
        NeptuneIamRoleArn = parameters.TryGetValue("neptuneIamRoleArn", out var role) ? role : null,
        CompletesAt = completesAt,
        OnClock = completesAt is not null,
        Sequence = Interlocked.Increment(ref _sequence),
    };

    internal string ArnFor(MlJobKind kind, string id)
    {
        var resource = kind switch
        {
            MlJobKind.DataProcessing => "processing-job",
            MlJobKind.ModelTraining => "hyper-parameter-tuning-job",
            MlJobKind.ModelTransform => "transform-job",
            _ => "endpoint",
        };
        return $"arn:aws:sagemaker:{_options.Region}:{_options.AccountId}:{resource}/{id}";
    }

    internal bool TryAdd(MlJob job) => _jobs.TryAdd((job.Kind, job.Id), job);

    internal void Put(MlJob job) => _jobs[(job.Kind, job.Id)] = job;

    /// <summary>Applies <paramref name="change"/> atomically to the job as of now; false when the job does not exist.</summary>
    internal bool TryUpdate(MlJobKind kind, string id, Func<MlJob, MlJob> change, [NotNullWhen(true)] out MlJob? updated)
    {
        while (Advance(kind, id) is { } current)
        {
            updated = change(current);
            if (ReferenceEquals(updated, current) || _jobs.TryUpdate((kind, id), updated, current))
            {
                return true;
            }
        }

        updated = null;
        return false;
    }

    /// <summary>Moves a job along its timeline to the emulator's present and stores the result.</summary>
    private MlJob? Advance(MlJobKind kind, string id)
    {
        var now = _options.TimeProvider.GetUtcNow();
        while (_jobs.TryGetValue((kind, id), out var current))
        {
            var next = current;
            if (current.StopsAt is { } stopsAt && now >= stopsAt)
            {
                if (kind == MlJobKind.Endpoint)
                {
                    // A deleted endpoint is gone.
                    if (_jobs.TryRemove(new KeyValuePair<(MlJobKind, string), MlJob>((kind, id), current)))
                    {
                        return null;
                    }

                    continue;
                }

                next = current with { Status = MlJobStatus.Stopped, StopsAt = null };
            }
            else if (current.CompletesAt is { } completesAt && now >= completesAt)
            {
                next = current with { Status = kind == MlJobKind.Endpoint ? MlJobStatus.InService : MlJobStatus.Completed, CompletesAt = null };
            }

            if (ReferenceEquals(next, current) || _jobs.TryUpdate((kind, id), next, current))
            {
                return next;
            }
        }

        return null;
    }
}
