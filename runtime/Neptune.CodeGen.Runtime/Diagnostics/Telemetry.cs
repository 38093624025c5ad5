namespace Neptune.CodeGen.Runtime.Diagnostics;

/// <summary>
/// The names under which generated clients report traces and metrics, for OpenTelemetry or any listener:
/// <c>AddSource(Telemetry.ActivitySourceName)</c> and <c>AddMeter(Telemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Traces: one <see cref="System.Diagnostics.Activity"/> per operation call (retries included), kind Client, named
/// <c>{ServiceName}.{Operation}</c> (for example <c>NeptuneData.ExecuteOpenCypherQuery</c>), with the tags
/// <c>rpc.system</c> = <c>aws-api</c>, <c>rpc.service</c>, <c>rpc.method</c>, <c>cloud.region</c>, <c>aws.request_id</c>,
/// <c>http.response.status_code</c>, <c>http.request.resend_count</c> (when retried) and, on failure, <c>error.type</c>
/// (the error code, else the HTTP status, else the exception type) with status Error.
/// HttpClient's own per-request activities appear beneath it.
/// </para>
/// <para>
/// Metrics: <c>client.call.duration</c> (histogram, seconds, per call), <c>client.call.attempts</c> (counter, per attempt)
/// and <c>client.call.retries</c> (counter, per retry), tagged with <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>
/// and, on the duration of a failed call, <c>error.type</c>.
/// </para>
/// <para>Logs go to the <c>ILoggerFactory</c> set on <see cref="AwsClientOptions.LoggerFactory"/>, category <see cref="LoggerCategory"/>.</para>
/// </remarks>
public static class Telemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Neptune.CodeGen</c>.</summary>
    public const string ActivitySourceName = "Neptune.CodeGen";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Neptune.CodeGen</c>.</summary>
    public const string MeterName = "Neptune.CodeGen";

    /// <summary>The category of the pipeline's log messages: <c>Neptune.CodeGen</c>.</summary>
    public const string LoggerCategory = "Neptune.CodeGen";
}
