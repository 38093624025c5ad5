using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Neptune.Emulator.Engine;
using Neptune.Emulator.Loader;
using Neptune.Emulator.Ml;
using Neptune.Emulator.Queries;
using Neptune.Emulator.Routing;
using Neptune.Emulator.Streams;

namespace Neptune.Emulator;

/// <summary>
/// A local stand-in for a Neptune cluster's data API (all 43 operations of neptunedata 2023-08-01), served by Kestrel
/// on <c>127.0.0.1</c> and a free port (or <see cref="NeptuneEmulatorOptions.Port"/>). It verifies SigV4 on every request,
/// keeps ML jobs, loads, running queries, stream records and statistics in memory, moves jobs on its clock
/// (<see cref="NeptuneEmulatorOptions.TimeProvider"/>), records every request, and serves queued faults.
/// Instances share nothing, so several can run at once.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await NeptuneEmulator.StartAsync();
/// emulator.AddTrainingJob("job-1");
/// // point a client at emulator.Endpoint with emulator.Options.AccessKeyId / SecretAccessKey
/// </code>
/// </example>
public sealed class NeptuneEmulator : IAsyncDisposable
{
    /// <summary>The response header that carries the request id.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>The response header that carries the error code when a fault asks for it.</summary>
    public const string ErrorTypeHeader = "X-Amzn-ErrorType";

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly SigV4Verifier _verifier;
    private readonly Router _router = new();
    private readonly ConcurrentQueue<EmulatorFault> _faults = new();
    private readonly BoundedLog<RecordedRequest> _requests;
    private readonly BoundedLog<Exception> _handlerErrors = new(100);
    private int _disposed;

    private NeptuneEmulator(WebApplication app, NeptuneEmulatorOptions options)
    {
        _app = app;
        Options = options;
        _requests = new BoundedLog<RecordedRequest>(options.MaxRecordedRequests);
        _verifier = new SigV4Verifier(options);
        Endpoint = null!;

        var clock = options.TimeProvider;
        Ml = new MlJobs(options);
        Loader = new LoaderJobs(options);
        Gremlin = new QueryResponders("gremlin", new JsonObject { ["@type"] = "g:List", ["@value"] = new JsonArray() });
        OpenCypher = new QueryResponders("opencypher", new JsonArray());
        Streams = new StreamRecords(clock);
        Engine = new EngineState(clock.GetUtcNow());
        PropertyGraphStatistics = new GraphStatistics(clock, SampleGraph.PropertyGraphSummary());
        RdfStatistics = new GraphStatistics(clock, SampleGraph.RdfGraphSummary());

        new MlOperations(Ml, options).Register(_router);
        new LoaderOperations(Loader, options).Register(_router);
        new QueryOperations(Gremlin, OpenCypher, options).Register(_router);
        new StreamOperations(Streams).Register(_router);
        new EngineOperations(this).Register(_router);
    }

    /// <summary>
    /// Raised after each response is written (or the connection aborted), with the request as recorded. An exception a
    /// handler throws is caught, so the client's connection is not affected, and kept in <see cref="RequestServedErrors"/>.
    /// </summary>
    public event Action<RecordedRequest>? RequestServed;

    /// <summary>The exceptions <see cref="RequestServed"/> handlers threw (the last 100), oldest first.</summary>
    public IReadOnlyList<Exception> RequestServedErrors => _handlerErrors.ToArray();

    /// <summary>The base address to send requests to, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint { get; private set; }

    /// <summary>The options the emulator runs with (region, signing name and the credentials it accepts).</summary>
    public NeptuneEmulatorOptions Options { get; }

    /// <summary>Every training job, in the order they were added or started.</summary>
    public IReadOnlyList<TrainingJob> TrainingJobs => Ml.List(MlJobKind.ModelTraining).Select(TrainingJob.From).ToArray();

    /// <summary>The Neptune ML jobs and inference endpoints (data processing, model training, model transform, endpoints).</summary>
    public MlJobs Ml { get; }

    /// <summary>The bulk loader's jobs; make loads fail or be refused here.</summary>
    public LoaderJobs Loader { get; }

    /// <summary>The responders for Gremlin queries (<c>/gremlin</c>, explain, profile) and the Gremlin queries running now.</summary>
    public QueryResponders Gremlin { get; }

    /// <summary>The responders for openCypher queries (<c>/opencypher</c>, explain) and the openCypher queries running now.</summary>
    public QueryResponders OpenCypher { get; }

    /// <summary>The property-graph and SPARQL change logs served by the stream operations; append records here.</summary>
    public StreamRecords Streams { get; }

    /// <summary>What the engine status reports, and the fast-reset state.</summary>
    public EngineState Engine { get; }

    /// <summary>Property-graph statistics and graph summary (Gremlin and openCypher).</summary>
    public GraphStatistics PropertyGraphStatistics { get; }

    /// <summary>RDF statistics (SPARQL) and graph summary.</summary>
    public GraphStatistics RdfStatistics { get; }

    /// <summary>The operations served, one "METHOD /path" line each.</summary>
    public IEnumerable<string> Operations => _router.Describe();

    /// <summary>
    /// The requests received so far (the last <see cref="NeptuneEmulatorOptions.MaxRecordedRequests"/>), in the order their
    /// responses were decided.
    /// </summary>
    public IReadOnlyList<RecordedRequest> ReceivedRequests => _requests.ToArray();

    /// <summary>How many queued faults have not been served yet.</summary>
    public int PendingFaultCount => _faults.Count;

    /// <summary>Starts Kestrel on <c>127.0.0.1</c> with an OS-assigned port and returns once it listens.</summary>
    /// <param name="options">Settings; null for the defaults (us-east-1, neptune-db, the AWS documentation example keys).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<NeptuneEmulator> StartAsync(NeptuneEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NeptuneEmulatorOptions();
        options.Validate();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();

        var emulator = new NeptuneEmulator(app, options);
        app.Run(emulator.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            emulator.Endpoint = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
            return emulator;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds a training job, or replaces the one with the same id.</summary>
    /// <param name="id">The job id (any string; a client sends it percent-encoded in the URI).</param>
    /// <param name="status">The job's status; see <see cref="TrainingJobStatus"/>.</param>
    /// <returns>The job as stored.</returns>
    public TrainingJob AddTrainingJob(string id, string status = TrainingJobStatus.InProgress)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        return TrainingJob.From(Ml.Add(MlJobKind.ModelTraining, id, status));
    }

    /// <summary>Gets a snapshot of a training job.</summary>
    public bool TryGetTrainingJob(string id, [NotNullWhen(true)] out TrainingJob? job)
    {
        ArgumentNullException.ThrowIfNull(id);
        job = Ml.TryGet(MlJobKind.ModelTraining, id, out var found) ? TrainingJob.From(found) : null;
        return job is not null;
    }

    /// <summary>Changes a job's status (for example to <see cref="TrainingJobStatus.Stopped"/> after a cancel); false when there is no such job.</summary>
    public bool SetTrainingJobStatus(string id, string status)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        return Ml.SetStatus(MlJobKind.ModelTraining, id, status);
    }

    /// <summary>Forgets the requests received so far.</summary>
    public void ClearReceivedRequests() => _requests.Clear();

    /// <summary>
    /// Answers the next authenticated request with a Neptune-style error:
    /// <c>{"requestId": ..., "code": errorCode, "detailedMessage": message}</c> and <c>x-amzn-RequestId</c>.
    /// </summary>
    /// <param name="statusCode">The HTTP status, for example 429.</param>
    /// <param name="errorCode">The error code, for example <c>TooManyRequestsException</c>.</param>
    /// <param name="message">The <c>detailedMessage</c>; null for a generic one.</param>
    /// <param name="sendErrorTypeHeader">Also send the code in <c>X-Amzn-ErrorType</c>.</param>
    public void EnqueueFault(int statusCode, string errorCode, string? message = null, bool sendErrorTypeHeader = false)
    {
        ValidateStatus(statusCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        _faults.Enqueue(new EmulatorFault.Error(statusCode, errorCode, message ?? $"Injected fault: {errorCode}.", sendErrorTypeHeader));
    }

    /// <summary>Answers the next authenticated request with exactly this status, content type and body (no request id), like a proxy would.</summary>
    public void EnqueueRawResponse(int statusCode, string contentType, string body)
    {
        ValidateStatus(statusCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(body);
        _faults.Enqueue(new EmulatorFault.Raw(statusCode, contentType, body));
    }

    /// <summary>Drops the connection of the next authenticated request without answering.</summary>
    public void EnqueueConnectionAbort() => _faults.Enqueue(new EmulatorFault.Abort());

    /// <summary>Holds the next authenticated request for <paramref name="delay"/>, then handles it normally.</summary>
    public void EnqueueDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _faults.Enqueue(new EmulatorFault.Delay(delay));
    }

    /// <summary>Answers the next authenticated request with a response that breaks on the wire as <paramref name="fault"/> says.</summary>
    public void EnqueueResponseFault(ResponseFault fault) => _faults.Enqueue(new EmulatorFault.Broken(fault ?? throw new ArgumentNullException(nameof(fault))));

    /// <summary>Removes the faults that have not been served.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Stops Kestrel and releases the port. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What a performed fast reset removes: loads, stream records, statistics and running queries (ML resources stay).</summary>
    internal void ResetData()
    {
        Loader.Clear();
        Streams.Clear();
        PropertyGraphStatistics.Delete();
        RdfStatistics.Delete();
        Gremlin.ClearRunning();
        OpenCypher.ClearRunning();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var stopwatch = Stopwatch.StartNew();
        var requestId = Guid.NewGuid().ToString("D");
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var (rawPath, rawQuery) = SplitTarget(rawTarget);
        var method = context.Request.Method;
        var headers = context.Request.Headers.ToDictionary(
            static h => h.Key,
            static h => (IReadOnlyList<string>)h.Value.Select(static v => v ?? string.Empty).ToArray(),
            StringComparer.OrdinalIgnoreCase);

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        string? authFailure = null;
        EmulatorResponse? response = null;
        if (Options.VerifySignatures)
        {
            var result = _verifier.Verify(method, rawPath, rawQuery, headers, body);
            if (!result.Succeeded)
            {
                authFailure = result.Message;
                response = EmulatorResponse.Failure(403, result.ErrorCode!, result.Message!);
            }
        }

        // Faults are served only to requests that passed authentication, so retried attempts are still checked.
        var abort = false;
        ResponseFault? broken = null;
        if (response is null && _faults.TryDequeue(out var fault))
        {
            switch (fault)
            {
                case EmulatorFault.Error error:
                    response = EmulatorResponse.Failure(error.StatusCode, error.ErrorCode, error.Message, error.SendErrorTypeHeader);
                    break;
                case EmulatorFault.Raw raw:
                    response = EmulatorResponse.Raw(raw.StatusCode, raw.ContentType, raw.Body);
                    break;
                case EmulatorFault.Abort:
                    abort = true;
                    break;
                case EmulatorFault.Broken brokenFault:
                    broken = brokenFault.Fault;
                    break;
                case EmulatorFault.Delay delay:
                    await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        if (!abort && response is null && broken is null)
        {
            try
            {
                response = await _router.HandleAsync(new EmulatorRequest(requestId, method, rawPath, rawQuery, headers, body,
                    Options.TimeProvider.GetUtcNow(), context.RequestAborted)).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                response = EmulatorResponse.Failure(500, "InternalFailureException", $"The emulator failed: {exception.GetType().Name}: {exception.Message}");
            }
        }

        var recorded = new RecordedRequest
        {
            RequestId = requestId,
            ReceivedAt = Options.TimeProvider.GetUtcNow(),
            Method = method,
            RawTarget = rawTarget,
            RawPath = rawPath,
            RawQuery = rawQuery,
            Headers = headers,
            Body = Encoding.UTF8.GetString(body),
            StatusCode = broken?.StatusCode ?? (abort ? 0 : response!.StatusCode),
            ErrorCode = response?.ErrorCode,
            AuthenticationFailure = authFailure,
        };
        _requests.Add(recorded);

        if (abort)
        {
            context.Abort();
        }
        else if (broken is not null)
        {
            await FaultyResponseWriter.WriteAsync(context, broken, requestId, Options.TimeProvider).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(context, response!, requestId).ConfigureAwait(false);
        }

        recorded.Duration = stopwatch.Elapsed;
        try
        {
            RequestServed?.Invoke(recorded);
        }
        catch (Exception exception)
        {
            _handlerErrors.Add(exception);
        }
    }

    private async Task WriteAsync(HttpContext context, EmulatorResponse response, string requestId)
    {
        var http = context.Response;
        http.StatusCode = response.StatusCode;

        // The emulator's clock, so a client's clock-skew correction (which reads Date) agrees with the skew check.
        http.Headers.Date = Options.TimeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        foreach (var (name, value) in response.ExtraHeaders)
        {
            http.Headers[name] = value;
        }

        string contentType, body;
        if (response.RawBody is not null)
        {
            (contentType, body) = (response.RawContentType!, response.RawBody);
        }
        else if (response.ErrorCode is not null)
        {
            http.Headers[RequestIdHeader] = requestId;
            if (response.SendErrorTypeHeader)
            {
                http.Headers[ErrorTypeHeader] = response.ErrorCode;
            }

            contentType = Options.ErrorContentType;
            body = new JsonObject
            {
                ["requestId"] = requestId,
                ["code"] = response.ErrorCode,
                ["detailedMessage"] = response.ErrorMessage,
            }.ToJsonString(JsonOptions);
        }
        else
        {
            http.Headers[RequestIdHeader] = requestId;
            (contentType, body) = ("application/json", response.Json!.ToJsonString(JsonOptions));
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        if (response.ExtraHeaders.Any(static h => h.Key == "Content-Encoding" && h.Value == "gzip"))
        {
            // The stream operations ask for this when the client sent Accept-Encoding: gzip.
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        http.ContentType = contentType;
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Splits an origin-form target (or the path of an absolute-form one) into raw path and raw query.</summary>
    private static (string Path, string Query) SplitTarget(string rawTarget)
    {
        if (!rawTarget.StartsWith('/'))
        {
            var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
            var pathStart = scheme < 0 ? -1 : rawTarget.IndexOf('/', scheme + 3);
            rawTarget = pathStart < 0 ? "/" : rawTarget[pathStart..];
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rawTarget, string.Empty) : (rawTarget[..question], rawTarget[(question + 1)..]);
    }

    private static void ValidateStatus(int statusCode)
    {
        if (statusCode is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "The status code must be from 100 to 599.");
        }
    }
}
