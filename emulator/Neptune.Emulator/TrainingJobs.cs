using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;

namespace Neptune.Emulator;

/// <summary>The status strings the emulator uses for model-training jobs (SageMaker-style, as Neptune ML reports them).</summary>
public static class TrainingJobStatus
{
    /// <summary>The job is running; it can be cancelled.</summary>
    public const string InProgress = "InProgress";

    /// <summary>A cancel was accepted; cancelling again succeeds again.</summary>
    public const string Stopping = "Stopping";

    /// <summary>The job was stopped. Terminal: a cancel is rejected.</summary>
    public const string Stopped = "Stopped";

    /// <summary>The job finished. Terminal: a cancel is rejected.</summary>
    public const string Completed = "Completed";

    /// <summary>The job failed. Terminal: a cancel is rejected.</summary>
    public const string Failed = "Failed";

    internal static bool IsTerminal(string status) =>
        string.Equals(status, Stopped, StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, Completed, StringComparison.OrdinalIgnoreCase)
        || string.Equals(status, Failed, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A snapshot of one model-training job held by the emulator.</summary>
public sealed record TrainingJob
{
    /// <summary>The job id, exactly as the client sent it (after one percent-decoding of the URI label).</summary>
    public required string Id { get; init; }

    /// <summary>The job's status, for example <see cref="TrainingJobStatus.InProgress"/>.</summary>
    public required string Status { get; init; }

    /// <summary>When the job was added or started, by the emulator's clock.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The made-up SageMaker-style ARN returned by StartMLModelTrainingJob and GetMLModelTrainingJob.</summary>
    public required string Arn { get; init; }

    /// <summary>The <c>dataProcessingJobId</c> a StartMLModelTrainingJob request gave, or null.</summary>
    public string? DataProcessingJobId { get; init; }

    /// <summary>The <c>trainModelS3Location</c> a StartMLModelTrainingJob request gave, or null.</summary>
    public string? TrainModelS3Location { get; init; }

    /// <summary>The last <c>neptuneIamRoleArn</c> a request about this job gave, or null.</summary>
    public string? NeptuneIamRoleArn { get; init; }

    /// <summary>The <c>clean</c> query value of the last accepted cancel; null when no cancel gave one.</summary>
    public bool? Clean { get; init; }

    /// <summary>How many cancel requests for this job were accepted.</summary>
    public int CancelCount { get; init; }

    internal long Sequence { get; init; }
}

/// <summary>The in-memory job table of one emulator. Thread-safe; records are replaced, never mutated.</summary>
internal sealed class TrainingJobStore
{
    private readonly ConcurrentDictionary<string, TrainingJob> _jobs = new(StringComparer.Ordinal);
    private readonly NeptuneEmulatorOptions _options;
    private long _sequence;

    public TrainingJobStore(NeptuneEmulatorOptions options) => _options = options;

    public TrainingJob Create(string id, string status, string? dataProcessingJobId = null, string? trainModelS3Location = null, string? neptuneIamRoleArn = null) => new()
    {
        Id = id,
        Status = status,
        CreatedAt = _options.TimeProvider.GetUtcNow(),
        Arn = $"arn:aws:sagemaker:{_options.Region}:{_options.AccountId}:hyper-parameter-tuning-job/{id}",
        DataProcessingJobId = dataProcessingJobId,
        TrainModelS3Location = trainModelS3Location,
        NeptuneIamRoleArn = neptuneIamRoleArn,
        Sequence = Interlocked.Increment(ref _sequence),
    };

    public void Put(TrainingJob job) => _jobs[job.Id] = job;

    public bool TryAdd(TrainingJob job) => _jobs.TryAdd(job.Id, job);

    public bool TryGet(string id, [NotNullWhen(true)] out TrainingJob? job) => _jobs.TryGetValue(id, out job);

    /// <summary>Applies <paramref name="change"/> atomically (compare-and-swap); returns false when the job does not exist.</summary>
    public bool TryUpdate(string id, Func<TrainingJob, TrainingJob> change, [NotNullWhen(true)] out TrainingJob? updated)
    {
        while (_jobs.TryGetValue(id, out var current))
        {
            updated = change(current);
            if (ReferenceEquals(updated, current) || _jobs.TryUpdate(id, updated, current))
            {
                return true;
            }
        }

        updated = null;
        return false;
    }

    public IReadOnlyList<TrainingJob> Snapshot() => _jobs.Values.OrderBy(static j => j.Sequence).ToArray();
}
