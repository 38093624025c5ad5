using System;

namespace Neptune.Emulator;

/// <summary>The status strings the emulator uses for model-training jobs (SageMaker-style, as Neptune ML reports them).</summary>
public static class TrainingJobStatus
{
    /// <summary>The job is running; it can be cancelled.</summary>
    public const string InProgress = MlJobStatus.InProgress;

    /// <summary>A cancel was accepted; cancelling again succeeds again.</summary>
    public const string Stopping = MlJobStatus.Stopping;

    /// <summary>The job was stopped. Terminal: a cancel is rejected.</summary>
    public const string Stopped = MlJobStatus.Stopped;

    /// <summary>The job finished. Terminal: a cancel is rejected.</summary>
    public const string Completed = MlJobStatus.Completed;

    /// <summary>The job failed. Terminal: a cancel is rejected.</summary>
    public const string Failed = MlJobStatus.Failed;
}

/// <summary>A snapshot of one model-training job held by the emulator (the model-training view of <see cref="MlJob"/>).</summary>
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

    internal static TrainingJob From(MlJob job) => new()
    {
        Id = job.Id,
        Status = job.Status,
        CreatedAt = job.CreatedAt,
        Arn = job.Arn,
        DataProcessingJobId = job.Parameter("dataProcessingJobId"),
        TrainModelS3Location = job.Parameter("trainModelS3Location"),
        NeptuneIamRoleArn = job.NeptuneIamRoleArn,
        Clean = job.Clean,
        CancelCount = job.CancelCount,
    };
}

