using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Neptune.CodeGen.Runtime.Diagnostics;

/// <summary>The pipeline's activity source and instruments (see <see cref="Telemetry"/> for what they report).</summary>
internal static class PipelineTelemetry
{
    private static readonly string? Version = typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString(3);

    public static readonly ActivitySource Source = new(Telemetry.ActivitySourceName, Version);

    private static readonly Meter Meter = new(Telemetry.MeterName, Version);

    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "client.call.duration", "s", "Time an operation call took, retries and waits included.");

    private static readonly Counter<long> CallAttempts = Meter.CreateCounter<long>(
        "client.call.attempts", "{attempt}", "Attempts sent (the first one included).");

    private static readonly Counter<long> CallRetries = Meter.CreateCounter<long>(
        "client.call.retries", "{retry}", "Retries scheduled after a failed attempt.");

    /// <summary>Starts the activity of one call, or returns null when nobody listens.</summary>
    public static Activity? StartCall(string service, string operation, string region)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"{service}.{operation}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", operation);
            activity.SetTag("cloud.region", region);
        }

        return activity;
    }

    /// <summary>Counts one attempt sent.</summary>
    public static void AttemptSent(string service, string operation)
    {
        if (CallAttempts.Enabled)
        {
            CallAttempts.Add(1, Tags(service, operation, errorType: null));
        }
    }

    /// <summary>Counts one retry scheduled.</summary>
    public static void RetryScheduled(string service, string operation)
    {
        if (CallRetries.Enabled)
        {
            CallRetries.Add(1, Tags(service, operation, errorType: null));
        }
    }

    /// <summary>Ends a call: sets the final tags and status on the activity and records the duration.</summary>
    /// <param name="activity">The call's activity, or null.</param>
    /// <param name="service">The service name.</param>
    /// <param name="operation">The operation name.</param>
    /// <param name="timeProvider">The clock the call is timed with; read only when the duration is recorded.</param>
    /// <param name="startTimestamp">The clock's timestamp when the call started.</param>
    /// <param name="attempts">Attempts sent.</param>
    /// <param name="statusCode">The last HTTP status received, or null when none was.</param>
    /// <param name="requestId">The last request id received, or null.</param>
    /// <param name="errorType">Null on success; else the error code, HTTP status or exception type.</param>
    /// <param name="errorDescription">A short description of the failure for the activity status.</param>
    public static void EndCall(Activity? activity, string service, string operation, TimeProvider timeProvider, long startTimestamp, int attempts,
        int? statusCode, string? requestId, string? errorType, string? errorDescription)
    {
        if (activity is { IsAllDataRequested: true })
        {
            if (requestId is not null)
            {
                activity.SetTag("aws.request_id", requestId);
            }

            if (statusCode is not null)
            {
                activity.SetTag("http.response.status_code", statusCode.Value);
            }

            if (attempts > 1)
            {
                activity.SetTag("http.request.resend_count", attempts - 1);
            }

            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorDescription);
            }
        }

        if (CallDuration.Enabled)
        {
            CallDuration.Record(timeProvider.GetElapsedTime(startTimestamp).TotalSeconds, Tags(service, operation, errorType));
        }
    }

    private static TagList Tags(string service, string operation, string? errorType)
    {
        var tags = new TagList
        {
            { "rpc.system", "aws-api" },
            { "rpc.service", service },
            { "rpc.method", operation },
        };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        return tags;
    }
}
