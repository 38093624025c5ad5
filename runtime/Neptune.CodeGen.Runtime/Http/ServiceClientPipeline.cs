using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Diagnostics;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.CodeGen.Runtime.Signing;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// Sends the operations of one generated client. For each call it runs attempts until one succeeds or the call must end;
/// each attempt builds a new <see cref="HttpRequestMessage"/>, signs it (with fresh credentials and a fresh time), sends it
/// under the attempt timeout, and turns the response into a typed result or a typed exception. Failed attempts are retried
/// as <see cref="RetryOptions"/> describes, after a backoff wait, within the operation timeout. Thread-safe; one instance
/// per client.
/// </summary>
/// <remarks>
/// <para>
/// When the client was registered with the generated <c>AddXxxClient</c> method (IHttpClientFactory), the pipeline does not
/// sign: it attaches what to sign with to the request, and the signing handler wrapped around the HttpClient's primary
/// handler signs it every time it is sent, with the same credentials and clock-skew correction, so handlers added to the
/// HttpClient (resilience, logging) run outside the signing and every resend carries a fresh signature.
/// </para>
/// <para>
/// Each call is traced and measured (see <see cref="Telemetry"/>) and logged when <see cref="AwsClientOptions.LoggerFactory"/>
/// is set. Every attempt carries <c>amz-sdk-invocation-id</c> (one id per call) and <c>amz-sdk-request: attempt=N; max=M</c>;
/// neither is signed. Request bodies are byte arrays, so every attempt can send the same body again.
/// </para>
/// <para>
/// A response body sent with <c>Content-Encoding: gzip</c> (or <c>deflate</c>, <c>br</c>), for example because the spec sends
/// <c>Accept-Encoding</c>, is decompressed before it is read, for successes and errors alike, whatever HttpClient was passed.
/// </para>
/// </remarks>
public sealed class ServiceClientPipeline : IDisposable
{
    /// <summary>The header carrying the id shared by every attempt of one call.</summary>
    internal const string InvocationIdHeader = "amz-sdk-invocation-id";

    /// <summary>The header carrying the attempt number and the most attempts the call may make.</summary>
    internal const string RequestInfoHeader = "amz-sdk-request";

    // Added as a raw value: the header collection then keeps the string as is instead of a parsed copy per request.
    private static readonly string UserAgent =
        new ProductInfoHeaderValue("Neptune.CodeGen", typeof(ServiceClientPipeline).Assembly.GetName().Version?.ToString(3) ?? "0").ToString();

    private readonly ServiceDescription _service;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _endpoint;
    private readonly string _baseAddress;
    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly RetrySettings _retry;
    private readonly RetryQuota _quota;
    private readonly ClockSkew _clockSkew;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeSpan _operationTimeout;
    private readonly ILogger _logger;
    private readonly bool _signInHttpMessageHandler;
    private readonly int _maxResponseBufferSize;

    // "attempt=N; max=M" for each attempt number, made once per pipeline when first needed.
    private readonly string?[] _requestInfo;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="service">The generated description of the service.</param>
    /// <param name="options">The client options; validated here.</param>
    /// <param name="httpClient">
    /// The client to send with (for example from IHttpClientFactory). When null, the pipeline creates and owns one that does not
    /// follow redirects, so a signed request is never re-sent to another host, and has no timeout of its own (the options'
    /// timeouts apply). A client you pass keeps its <see cref="HttpClient.Timeout"/>, which applies to every attempt until the response headers arrive.
    /// </param>
    /// <exception cref="ArgumentException">The options are incomplete or out of range.</exception>
    /// <exception cref="InvalidOperationException">A retry environment variable or profile key holds a value that cannot be used.</exception>
    public ServiceClientPipeline(ServiceDescription service, AwsClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Resolve();
        _service = service;
        _endpoint = options.Endpoint!;
        // Scheme and authority (validation refuses a path): every operation's path is appended to it.
        _baseAddress = _endpoint.GetLeftPart(UriPartial.Authority);
        _signer = new SigV4Signer(service.SigningName, settings.Region);
        _credentials = options.Credentials ?? new DefaultCredentialsChain(options.AwsEnvironment);
        _timeProvider = options.TimeProvider;
        _retry = settings.Retry;
        _quota = RetryQuota.ForEndpoint(_endpoint);
        _clockSkew = ClockSkew.ForEndpoint(_endpoint);
        _attemptTimeout = options.AttemptTimeout;
        _operationTimeout = options.OperationTimeout;
        _logger = options.LoggerFactory?.CreateLogger(Telemetry.LoggerCategory) ?? NullLogger.Instance;
        _signInHttpMessageHandler = options.SignInHttpMessageHandler;
        _maxResponseBufferSize = options.MaxResponseBufferSize;
        _requestInfo = new string?[Math.Min(_retry.MaxAttempts, 16)];
        if (_retry.Mode != RetryMode.Standard)
        {
            PipelineLog.RetryModeTreatedAsStandard(_logger, _retry.Mode.ToString());
        }

        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The service this pipeline sends to.</summary>
    public ServiceDescription Service => _service;

    /// <summary>
    /// Sends one operation call, retrying failed attempts, and reads its response.
    /// </summary>
    /// <exception cref="AwsServiceException">The service answered with an error, or with a success body that could not be read.</exception>
    /// <exception cref="HttpRequestException">The request could not be sent.</exception>
    /// <exception cref="AwsCredentialsException">No credentials were found.</exception>
    /// <exception cref="AwsTimeoutException">The attempt timeout or the operation timeout expired.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<TResponse> SendAsync<TResponse>(OperationRequest operation, Func<ServiceResponse, TResponse> readResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(readResponse);
        cancellationToken.ThrowIfCancellationRequested();

        // One method for the whole call (no inner async method): its state lives in one state machine.
        var call = new CallState(operation.OperationName, _timeProvider.GetTimestamp());
        using var activity = PipelineTelemetry.StartCall(_service.ServiceName, operation.OperationName, _signer.Region);
        try
        {
            var invocationId = NewInvocationId();
            var lastRetryCost = 0;
            var clockSkewRetried = false;
            while (true)
            {
                call.Attempts++;
                AttemptResult<TResponse> result;
                using (var attemptTimer = StartTimer(_attemptTimeout, ref call, cancellationToken))
                {
                    try
                    {
                        result = await SendAttemptAsync(operation, readResponse, call.Attempts, invocationId, attemptTimer?.Token ?? cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException canceled)
                    {
                        result = new AttemptResult<TResponse>(TimeoutOrCancellation(canceled, ref call, cancellationToken, attemptTimer));
                    }
                    catch (Exception failure) when (RetryClassifier.Classify(failure) != RetryKind.None)
                    {
                        result = new AttemptResult<TResponse>(failure);
                    }
                }

                if (result.Error is not { } error)
                {
                    // Success: a first-time success earns a token; a retried one gives back what its last retry took.
                    _quota.Release(lastRetryCost > 0 ? lastRetryCost : RetryPolicy.NoRetryIncrement);
                    call.RecordResponse(result.StatusCode, result.RequestId);
                    EndCall(activity, ref call, error: null);
                    return result.Value!;
                }

                call.Record(error);
                var mayRetry = call.Attempts < _retry.MaxAttempts;
                if (error is AwsServiceException service && CorrectClockSkew(service, result.ServerTime) && mayRetry && !clockSkewRetried)
                {
                    // Re-sign at once with the corrected time; this retry is outside the quota, and happens once per call.
                    clockSkewRetried = true;
                    continue;
                }

                var kind = RetryClassifier.Classify(error);
                if (kind == RetryKind.None || !mayRetry)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                var cost = RetryPolicy.CostOf(kind, _retry.Use2026Behavior);
                if (!_quota.TryAcquire(cost))
                {
                    PipelineLog.RetryQuotaExhausted(_logger, _service.ServiceName, call.OperationName, Describe(error),
                        RetryQuota.EndpointKey(_endpoint), _quota.Available, cost);
                    ExceptionDispatchInfo.Throw(error);
                }

                lastRetryCost = cost;
                var delay = Backoff.Compute(_retry, call.Attempts, kind);
                if (_retry.Use2026Behavior)
                {
                    delay = Backoff.ApplyRetryAfter(delay, result.RetryAfter);
                }

                if (_logger.IsEnabled(LogLevel.Information))
                {
                    PipelineLog.RetryScheduled(_logger, _service.ServiceName, call.OperationName, (long)delay.TotalMilliseconds,
                        call.Attempts, _retry.MaxAttempts, Describe(error));
                }

                PipelineTelemetry.RetryScheduled(_service.ServiceName, call.OperationName);

                // The wait is cut only by the caller or by the operation timeout.
                using var waitTimer = StartTimer(Timeout.InfiniteTimeSpan, ref call, cancellationToken);
                try
                {
                    await Task.Delay(delay, _timeProvider, waitTimer?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException canceled)
                {
                    throw TimeoutOrCancellation(canceled, ref call, cancellationToken, waitTimer);
                }
            }
        }
        catch (Exception error)
        {
            EndCall(activity, ref call, error);
            throw;
        }
    }

    /// <summary>
    /// One attempt: build, sign, send, read. Error responses are returned (with the response's <c>Date</c> and
    /// <c>x-amz-retry-after</c>), not thrown; network errors and cancellation are thrown.
    /// </summary>
    private async ValueTask<AttemptResult<TResponse>> SendAttemptAsync<TResponse>(OperationRequest operation, Func<ServiceResponse, TResponse> readResponse,
        int attempt, string invocationId, CancellationToken cancellationToken)
    {
        using var request = CreateHttpRequest(operation);
        request.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        request.Headers.TryAddWithoutValidation(RequestInfoHeader, RequestInfo(attempt));
        RequestSigningContext? deferredSigning = null;
        if (_signInHttpMessageHandler)
        {
            // The HttpClient's primary handler signs, each time the request passes it: a resilience handler that resends this
            // very HttpRequestMessage gets a fresh signature. Same credentials, same corrected clock as signing here.
            deferredSigning = new RequestSigningContext(_signer, _credentials, _timeProvider, _clockSkew, operation.Body);
            request.Options.Set(RequestSigningContext.OptionsKey, deferredSigning);
        }
        else
        {
            var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
            _signer.Sign(request, credentials, _timeProvider.GetUtcNow() + _clockSkew.Offset, operation.Body ?? ReadOnlySpan<byte>.Empty);
        }

        PipelineLog.AttemptSent(_logger, _service.ServiceName, operation.OperationName, attempt, _retry.MaxAttempts,
            request.Method.Method, request.RequestUri!.AbsolutePath);
        PipelineTelemetry.AttemptSent(_service.ServiceName, operation.OperationName);
        // Headers first: the body is read under the MaxResponseBufferSize limit below.
        using var httpResponse = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (deferredSigning is { TimesSigned: 0 })
        {
            throw new InvalidOperationException(
                $"The {operation.OperationName} request was sent unsigned: this client leaves signing to its HttpClient, and that " +
                "HttpClient has no Neptune.CodeGen signing handler. Resolve the client from the service provider after calling the " +
                "generated Add...Client method, or create it with its public constructor.");
        }

        var read = await ReadBodyAsync(operation.OperationName, httpResponse, cancellationToken).ConfigureAwait(false);
        if (read.TooLarge)
        {
            return TooLarge<TResponse>(operation.OperationName, httpResponse, read.Body, read.ContentLength);
        }

        ReadOnlyMemory<byte> body;
        try
        {
            body = ContentDecoding.Decode(httpResponse.Content.Headers, read.Body, _maxResponseBufferSize);
        }
        catch (DecodedBodyTooLargeException)
        {
            return TooLarge<TResponse>(operation.OperationName, httpResponse, ReadOnlyMemory<byte>.Empty, read.ContentLength);
        }
        catch (InvalidDataException exception)
        {
            return Undecodable<TResponse>(operation.OperationName, httpResponse, read.Body, exception);
        }

        var response = new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, body);
        if (!response.IsSuccess)
        {
            return new AttemptResult<TResponse>(CreateException(ErrorResponseReader.Read(response), null))
            {
                ServerTime = httpResponse.Headers.Date,
                RetryAfter = response.GetHeader(RetryPolicy.RetryAfterHeader),
            };
        }

        try
        {
            TResponse value;
            try
            {
                value = readResponse(response);
            }
            catch (JsonException) when (IsBlank(body.Span))
            {
                // A success with no body has no members. Utf8JsonReader refuses an empty final block (so generated code
                // calling RestJson.ReadStartObject would throw), so read it as the empty object it stands for.
                value = readResponse(new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, EmptyObject));
            }

            return new AttemptResult<TResponse>(value)
            {
                StatusCode = (int)httpResponse.StatusCode,
                RequestId = response.GetHeader(ErrorResponseReader.RequestIdHeader),
            };
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            var error = ErrorResponseReader.Read(response) with
            {
                ErrorCode = null,
                DetailedMessage = $"The {operation.OperationName} response could not be read: {exception.Message}",
            };
            return new AttemptResult<TResponse>(CreateException(error, exception));
        }
    }

    /// <summary>A body over the buffer limit: the status, request id and error code from the headers, and the first bytes kept.</summary>
    private AttemptResult<TResponse> TooLarge<TResponse>(string operationName, HttpResponseMessage httpResponse, ReadOnlyMemory<byte> kept, long? contentLength)
    {
        var headersOnly = ErrorResponseReader.Read(new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, ReadOnlyMemory<byte>.Empty));
        return new AttemptResult<TResponse>(new AwsResponseTooLargeException(operationName,
            headersOnly with { ResponseBody = Encoding.UTF8.GetString(kept.Span) }, _maxResponseBufferSize, contentLength));
    }

    /// <summary>
    /// A body that could not be decompressed: the status, the request id and (for an error) a code from X-Amzn-ErrorType
    /// survive; the body is kept as received.
    /// </summary>
    private AttemptResult<TResponse> Undecodable<TResponse>(string operationName, HttpResponseMessage httpResponse, ReadOnlyMemory<byte> received,
        InvalidDataException exception)
    {
        var response = new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, received);
        var error = ErrorResponseReader.Read(response);
        error = error with
        {
            ErrorCode = response.IsSuccess ? null : error.ErrorCode,
            DetailedMessage = $"The {operationName} response body could not be decompressed " +
                $"(Content-Encoding: {ContentDecoding.Describe(httpResponse.Content.Headers)}): {exception.Message}",
        };

        return new AttemptResult<TResponse>(CreateException(error, exception)) { ServerTime = httpResponse.Headers.Date };
    }

    /// <summary>
    /// Reads the body under the size limit. A connection that fails or ends while the body is read becomes an
    /// <see cref="HttpRequestException"/> that keeps the status code (and names the request id), retried like any other
    /// network failure: the AWS SDKs retry a body that cannot be read too.
    /// </summary>
    private async ValueTask<ResponseBodyReader.Result> ReadBodyAsync(string operationName, HttpResponseMessage httpResponse, CancellationToken cancellationToken)
    {
        try
        {
            return await ResponseBodyReader.ReadAsync(httpResponse.Content, _maxResponseBufferSize, AwsResponseTooLargeException.KeptBodyBytes,
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException failure)
        {
            var requestId = new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, ReadOnlyMemory<byte>.Empty)
                .GetHeader(ErrorResponseReader.RequestIdHeader);
            throw new HttpRequestException(
                (failure as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown,
                $"The {operationName} response (HTTP {(int)httpResponse.StatusCode}{(requestId is null ? "" : ", request id " + requestId)}) " +
                $"could not be read to its end: {failure.Message}",
                failure,
                httpResponse.StatusCode);
        }
    }

    /// <summary>
    /// Learns the endpoint's clock offset from a clock-skew refusal; returns whether the error was one (and the offset
    /// could be read from the response's <c>Date</c>).
    /// </summary>
    private bool CorrectClockSkew(AwsServiceException error, DateTimeOffset? serverTime)
    {
        if (!ClockSkew.TryDetect(error.Error, serverTime, _timeProvider.GetUtcNow(), _clockSkew.Offset, out var offset))
        {
            return false;
        }

        _clockSkew.Offset = offset;
        PipelineLog.ClockSkewCorrected(_logger, RetryQuota.EndpointKey(_endpoint), Math.Round(offset.TotalSeconds), error.ErrorCode!);
        return true;
    }

    /// <summary>
    /// Names a cancellation: the caller's token gives an <see cref="OperationCanceledException"/> carrying that token; a
    /// timeout gives an <see cref="AwsTimeoutException"/> naming it. Anything else is returned unchanged.
    /// </summary>
    private Exception TimeoutOrCancellation(OperationCanceledException canceled, ref CallState call, CancellationToken callerToken, CallTimer? timer)
    {
        if (callerToken.IsCancellationRequested)
        {
            return canceled.CancellationToken == callerToken
                ? canceled
                : new OperationCanceledException($"The {call.OperationName} call was canceled.", canceled, callerToken);
        }

        if (timer?.IsCancellationRequested == true)
        {
            return timer.Kind == AwsTimeoutKind.Operation
                ? new AwsTimeoutException(call.OperationName, AwsTimeoutKind.Operation, _operationTimeout, call.Attempts, canceled)
                : new AwsTimeoutException(call.OperationName, AwsTimeoutKind.Attempt, _attemptTimeout, call.Attempts, canceled);
        }

        // HttpClient reports its own Timeout as a cancellation caused by a TimeoutException.
        return canceled.InnerException is TimeoutException
            ? new AwsTimeoutException(call.OperationName, AwsTimeoutKind.HttpClient, _httpClient.Timeout, call.Attempts, canceled)
            : canceled;
    }

    /// <summary>
    /// One timer for an attempt (or a backoff wait, with <paramref name="attemptTimeout"/> infinite), armed for whichever falls
    /// due first: the attempt timeout or what is left of the operation timeout (which wins a tie). It also ends when the
    /// caller's token is canceled. Null when neither timeout applies: the caller's token alone is enough.
    /// </summary>
    private CallTimer? StartTimer(TimeSpan attemptTimeout, ref CallState call, CancellationToken callerToken)
    {
        var operationLeft = Timeout.InfiniteTimeSpan;
        if (_operationTimeout != Timeout.InfiniteTimeSpan)
        {
            operationLeft = _operationTimeout - _timeProvider.GetElapsedTime(call.StartTimestamp);
            operationLeft = operationLeft <= TimeSpan.Zero
                ? TimeSpan.Zero
                // Rounded up to a whole millisecond (timers count milliseconds), so it never fires before the operation's end.
                : TimeSpan.FromTicks((operationLeft.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
        }

        if (attemptTimeout != Timeout.InfiniteTimeSpan && (operationLeft == Timeout.InfiniteTimeSpan || attemptTimeout < operationLeft))
        {
            return new CallTimer(attemptTimeout, AwsTimeoutKind.Attempt, _timeProvider, callerToken);
        }

        return operationLeft == Timeout.InfiniteTimeSpan ? null : new CallTimer(operationLeft, AwsTimeoutKind.Operation, _timeProvider, callerToken);
    }

    private void EndCall(Activity? activity, ref CallState call, Exception? error)
    {
        if (error is not null)
        {
            call.Record(error);
        }

        var errorType = error is null ? null : ErrorType(error);
        PipelineTelemetry.EndCall(activity, _service.ServiceName, call.OperationName, _timeProvider, call.StartTimestamp,
            call.Attempts, call.StatusCode, call.RequestId, errorType, error is null ? null : Describe(error));
        if (error is not null and not OperationCanceledException)
        {
            PipelineLog.CallFailed(_logger, _service.ServiceName, call.OperationName, call.Attempts, Describe(error), call.RequestId);
        }
    }

    /// <summary>A short, secret-free description of an error for logs: code and status, timeout, or exception type.</summary>
    private static string Describe(Exception error) => error switch
    {
        AwsServiceException service when service.ErrorCode is not null => $"{service.ErrorCode} (HTTP {(int)service.StatusCode})",
        AwsServiceException service => $"HTTP {(int)service.StatusCode}",
        AwsTimeoutException timeout => $"{timeout.Kind} timeout",
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $"{nameof(HttpRequestException)} ({http.HttpRequestError})",
        _ => error.GetType().Name,
    };

    /// <summary>The OpenTelemetry <c>error.type</c>: the error code, else the HTTP status, else the exception's type.</summary>
    private static string ErrorType(Exception error) => error switch
    {
        AwsServiceException service => service.ErrorCode ?? ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        AwsTimeoutException => "timeout",
        _ => error.GetType().FullName ?? error.GetType().Name,
    };

    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    // A generated mapper that returns null would otherwise surface as a NullReferenceException from 'throw null'.
    private AwsServiceException CreateException(ServiceError error, Exception? innerException) =>
        _service.CreateException(error, innerException) ?? new AwsServiceException(error, innerException);

    /// <summary>
    /// A random (version 4) UUID for <c>amz-sdk-invocation-id</c>. It is not a secret, so the shared per-thread generator
    /// is enough; <see cref="Guid.NewGuid"/> asks the operating system for random bytes every time, a system call that cost
    /// more than all of the pipeline's other per-call work.
    /// </summary>
    internal static string NewInvocationId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);   // version 4: the high nibble of the third field, stored little-endian
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // the RFC 9562 variant
        return new Guid(bytes).ToString();
    }

    private string RequestInfo(int attempt)
    {
        if (attempt > _requestInfo.Length)
        {
            return $"attempt={attempt}; max={_retry.MaxAttempts}";
        }

        // Two calls may both make the value; they make the same text, so either write is right.
        return _requestInfo[attempt - 1] ??= $"attempt={attempt}; max={_retry.MaxAttempts}";
    }

    private HttpRequestMessage CreateHttpRequest(OperationRequest operation)
    {
        var uri = new Uri(operation.BuildUri(_baseAddress), UriKind.Absolute);

        var request = new HttpRequestMessage(operation.Method, uri);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (operation.Body is not null)
        {
            request.Content = new ByteArrayContent(operation.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(operation.ContentType!);
        }

        var headers = operation.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            // A content header (Content-Language, say) is refused by the request's own headers; it goes on the content.
            // Anything refused by both (an invalid name, a content header without a body) must not vanish silently.
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value)
                && request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value) != true)
            {
                request.Dispose();
                throw new InvalidOperationException(
                    $"The {operation.OperationName} request cannot carry the header '{header.Key}': the name is not a valid request header here.");
            }
        }

        return request;
    }

    /// <summary>Disposes the HTTP client if the pipeline created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>The outcome of one attempt: a value, or an error with what the response said about time.</summary>
    private readonly struct AttemptResult<TResponse>
    {
        public AttemptResult(TResponse value) => Value = value;

        public AttemptResult(Exception error) => Error = error;

        public TResponse? Value { get; }

        public Exception? Error { get; }

        /// <summary>The error response's <c>Date</c>, for clock-skew correction.</summary>
        public DateTimeOffset? ServerTime { get; init; }

        /// <summary>The error response's <c>x-amz-retry-after</c>, in milliseconds as sent.</summary>
        public string? RetryAfter { get; init; }

        /// <summary>The success response's status.</summary>
        public int StatusCode { get; init; }

        /// <summary>The success response's request id, or null.</summary>
        public string? RequestId { get; init; }
    }

    /// <summary>What one call has done so far, for retries, logs and telemetry.</summary>
    private struct CallState(string operationName, long startTimestamp)
    {
        public string OperationName { get; } = operationName;

        public long StartTimestamp { get; } = startTimestamp;

        public int Attempts { get; set; }

        public int? StatusCode { get; private set; }

        public string? RequestId { get; private set; }

        public void Record(Exception error)
        {
            if (error is AwsServiceException service)
            {
                RecordResponse((int)service.StatusCode, service.RequestId);
            }
        }

        public void RecordResponse(int statusCode, string? requestId)
        {
            StatusCode = statusCode;
            RequestId = requestId ?? RequestId;
        }
    }

    /// <summary>
    /// The cancellation of one attempt or wait: a timer for the timeout it is armed for, and the caller's token. One source
    /// instead of one per timeout plus the sources linking them.
    /// </summary>
    private sealed class CallTimer : CancellationTokenSource
    {
        private readonly CancellationTokenRegistration _caller;

        public CallTimer(TimeSpan delay, AwsTimeoutKind kind, TimeProvider timeProvider, CancellationToken callerToken)
            : base(delay, timeProvider)
        {
            Kind = kind;
            if (callerToken.CanBeCanceled)
            {
                _caller = callerToken.UnsafeRegister(static state => ((CallTimer)state!).Cancel(), this);
            }
        }

        /// <summary>The timeout the timer stands for.</summary>
        public AwsTimeoutKind Kind { get; }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Waits for a running callback, so Cancel never runs on a disposed source.
                _caller.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
