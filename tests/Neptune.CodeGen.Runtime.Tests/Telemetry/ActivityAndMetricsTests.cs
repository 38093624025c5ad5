using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Tests.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;
using RuntimeTelemetry = Neptune.CodeGen.Runtime.Diagnostics.Telemetry;

namespace Neptune.CodeGen.Runtime.Tests.Telemetry;

/// <summary>One activity per call and the call metrics, observed with ActivityListener and MeterListener.</summary>
public sealed class ActivityAndMetricsTests : IDisposable
{
    // Tests run in parallel and share the static source and meter: each test keeps only what its own service name reports.
    private readonly string _serviceName = "Svc" + Guid.NewGuid().ToString("N");
    private readonly TestClock _clock = new(Start, autoAdvance: true);
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private readonly List<Activity> _activities = new();
    private readonly List<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public ActivityAndMetricsTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("rpc.service"), _serviceName))
                {
                    lock (_activities)
                    {
                        _activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);

        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RuntimeTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            tagMap[tag.Key] = tag.Value;
        }

        if (Equals(tagMap.GetValueOrDefault("rpc.service"), _serviceName))
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, instrument.Unit, value, tagMap));
            }
        }
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
    }

    private async Task<Exception?> Call(ScriptedHandler handler, Action<TestOptions>? configure = null)
    {
        var options = Options(_clock, jitter: [0.5]);
        configure?.Invoke(options);
        using var pipeline = new ServiceClientPipeline(Service(_serviceName), options, new HttpClient(handler));
        try
        {
            await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    [Fact]
    public void NamesAreDocumentedConstants()
    {
        Assert.Equal("Neptune.CodeGen", RuntimeTelemetry.ActivitySourceName);
        Assert.Equal("Neptune.CodeGen", RuntimeTelemetry.MeterName);
        Assert.Equal("Neptune.CodeGen", RuntimeTelemetry.LoggerCategory);
    }

    [Fact]
    public async Task ARetriedSuccessIsOneClientActivityWithTheAwsTags()
    {
        await Call(ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null), () => Ok()));

        var activity = Assert.Single(_activities);
        Assert.Equal($"{_serviceName}.ExecuteOpenCypherQuery", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal("aws-api", activity.GetTagItem("rpc.system"));
        Assert.Equal(_serviceName, activity.GetTagItem("rpc.service"));
        Assert.Equal("ExecuteOpenCypherQuery", activity.GetTagItem("rpc.method"));
        Assert.Equal("us-east-1", activity.GetTagItem("cloud.region"));
        Assert.Equal("req-ok", activity.GetTagItem("aws.request_id"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(1, activity.GetTagItem("http.request.resend_count"));
        Assert.Null(activity.GetTagItem("error.type"));
    }

    [Fact]
    public async Task AFirstTimeSuccessHasNoResendCount()
    {
        await Call(ScriptedHandler.Responses(() => Ok()));

        Assert.Null(Assert.Single(_activities).GetTagItem("http.request.resend_count"));
    }

    [Fact]
    public async Task AServiceErrorSetsErrorTypeAndStatus()
    {
        await Call(ScriptedHandler.Responses(() => Error(HttpStatusCode.Forbidden, "AccessDeniedException", ("x-amzn-RequestId", "req-denied"))));

        var activity = Assert.Single(_activities);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("AccessDeniedException (HTTP 403)", activity.StatusDescription);
        Assert.Equal("AccessDeniedException", activity.GetTagItem("error.type"));
        Assert.Equal(403, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("req-denied", activity.GetTagItem("aws.request_id"));
    }

    [Fact]
    public async Task AnErrorWithoutCodeIsTypedByStatusAndATimeoutAsTimeout()
    {
        await Call(ScriptedHandler.Responses(() => Error(HttpStatusCode.NotFound, null)));
        await Call(new ScriptedHandler(ScriptedHandler.Throw(() => new TaskCanceledException("timed out", new TimeoutException()))),
            options => options.Retry.MaxAttempts = 1);
        await Call(new ScriptedHandler(ScriptedHandler.Throw(() => new HttpRequestException(HttpRequestError.NameResolutionError))));

        Assert.Equal(["404", "timeout", "System.Net.Http.HttpRequestException"], _activities.Select(a => a.GetTagItem("error.type")));
        Assert.All(_activities, a => Assert.Equal(ActivityStatusCode.Error, a.Status));
    }

    [Fact]
    public async Task MetricsCountAttemptsRetriesAndTheCallDuration()
    {
        await Call(ScriptedHandler.Responses(() => Error(HttpStatusCode.ServiceUnavailable, null), () => Error(HttpStatusCode.ServiceUnavailable, null), () => Ok()));

        var attempts = _measurements.Where(m => m.Instrument == "client.call.attempts").ToList();
        Assert.Equal(3, attempts.Sum(m => m.Value));
        Assert.All(attempts, m => Assert.Equal("{attempt}", m.Unit));
        Assert.All(attempts, m => Assert.Equal("ExecuteOpenCypherQuery", m.Tags["rpc.method"]));
        Assert.All(attempts, m => Assert.Equal("aws-api", m.Tags["rpc.system"]));
        Assert.Equal(2, _measurements.Where(m => m.Instrument == "client.call.retries").Sum(m => m.Value));

        var duration = Assert.Single(_measurements, m => m.Instrument == "client.call.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(1.5, duration.Value, tolerance: 1e-9);   // the fake clock moved 0.5 s + 1 s during the waits
        Assert.False(duration.Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task TheDurationOfAFailedCallCarriesItsErrorType()
    {
        var error = await Call(ScriptedHandler.Responses(() => Error(HttpStatusCode.BadRequest, "MalformedQueryException")));

        Assert.IsAssignableFrom<AwsServiceException>(error);
        var duration = Assert.Single(_measurements, m => m.Instrument == "client.call.duration");
        Assert.Equal("MalformedQueryException", duration.Tags["error.type"]);
        Assert.Equal(0, duration.Value);
    }
}
