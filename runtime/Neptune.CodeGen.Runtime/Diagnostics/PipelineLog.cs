using Microsoft.Extensions.Logging;

namespace Neptune.CodeGen.Runtime.Diagnostics;

/// <summary>
/// The pipeline's log messages. They carry names, numbers and codes only: never a header value, a query value, a body,
/// a credential or a signature. Paths are logged (they hold the operation's labels, not secrets).
/// </summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1, EventName = "AttemptSent", Level = LogLevel.Debug,
        Message = "Sending {Service}.{Operation}, attempt {Attempt} of {MaxAttempts}: {Method} {Path}")]
    public static partial void AttemptSent(ILogger logger, string service, string operation, int attempt, int maxAttempts, string method, string path);

    [LoggerMessage(EventId = 2, EventName = "RetryScheduled", Level = LogLevel.Information,
        Message = "Retrying {Service}.{Operation} in {DelayMilliseconds} ms: attempt {Attempt} of {MaxAttempts} failed with {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string service, string operation, long delayMilliseconds, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 3, EventName = "CallFailed", Level = LogLevel.Warning,
        Message = "{Service}.{Operation} failed after {Attempts} attempt(s) with {Reason} (request id {RequestId})")]
    public static partial void CallFailed(ILogger logger, string service, string operation, int attempts, string reason, string? requestId);

    [LoggerMessage(EventId = 4, EventName = "ClockSkewCorrected", Level = LogLevel.Warning,
        Message = "The clock of {Endpoint} is {OffsetSeconds} s from this machine's ({ErrorCode}); signing with the corrected time from now on")]
    public static partial void ClockSkewCorrected(ILogger logger, string endpoint, double offsetSeconds, string errorCode);

    [LoggerMessage(EventId = 5, EventName = "RetryQuotaExhausted", Level = LogLevel.Warning,
        Message = "Not retrying {Service}.{Operation} after {Reason}: the retry quota of {Endpoint} is exhausted ({Available} tokens left, {Cost} needed)")]
    public static partial void RetryQuotaExhausted(ILogger logger, string service, string operation, string reason, string endpoint, int available, int cost);

    [LoggerMessage(EventId = 6, EventName = "RetryModeTreatedAsStandard", Level = LogLevel.Information,
        Message = "Retry mode {Mode} is not implemented; retrying as in standard mode")]
    public static partial void RetryModeTreatedAsStandard(ILogger logger, string mode);
}
