using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Signing;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// Sends the operations of one generated client: builds the <see cref="HttpRequestMessage"/>, signs it, sends it,
/// and turns the response into a typed result or a typed exception. Thread-safe; one instance per client.
/// </summary>
public sealed class ServiceClientPipeline : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("Neptune.CodeGen", typeof(ServiceClientPipeline).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly ServiceDescription _service;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _endpoint;
    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="service">The generated description of the service.</param>
    /// <param name="options">The client options; validated here.</param>
    /// <param name="httpClient">
    /// The client to send with (for example from IHttpClientFactory). When null, the pipeline creates and owns one that does not
    /// follow redirects, so a signed request is never re-sent to another host.
    /// </param>
    /// <exception cref="ArgumentException">The options are incomplete.</exception>
    public ServiceClientPipeline(ServiceDescription service, AwsClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _service = service;
        _endpoint = options.Endpoint!;
        _signer = new SigV4Signer(service.SigningName, options.ResolveRegion());
        _credentials = options.Credentials ?? new DefaultCredentialsChain(options.AwsEnvironment);
        _timeProvider = options.TimeProvider;
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>The service this pipeline sends to.</summary>
    public ServiceDescription Service => _service;

    /// <summary>
    /// Sends one operation call and reads its response.
    /// </summary>
    /// <exception cref="AwsServiceException">The service answered with an error, or with a success body that could not be read.</exception>
    /// <exception cref="HttpRequestException">The request could not be sent.</exception>
    /// <exception cref="AwsCredentialsException">No credentials were found.</exception>
    public async Task<TResponse> SendAsync<TResponse>(OperationRequest operation, Func<ServiceResponse, TResponse> readResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(readResponse);
        cancellationToken.ThrowIfCancellationRequested();

        using var request = CreateHttpRequest(operation);
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        _signer.Sign(request, credentials, _timeProvider.GetUtcNow(), operation.Body ?? ReadOnlySpan<byte>.Empty);

        using var httpResponse = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await httpResponse.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var response = new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, body);

        if (!response.IsSuccess)
        {
            throw CreateException(ErrorResponseReader.Read(response), null);
        }

        try
        {
            try
            {
                return readResponse(response);
            }
            catch (JsonException) when (IsBlank(body))
            {
                // A success with no body has no members. Utf8JsonReader refuses an empty final block (so generated code
                // calling RestJson.ReadStartObject would throw), so read it as the empty object it stands for.
                return readResponse(new ServiceResponse(httpResponse.StatusCode, httpResponse.Headers, httpResponse.Content.Headers, EmptyObject));
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            var error = ErrorResponseReader.Read(response) with
            {
                ErrorCode = null,
                DetailedMessage = $"The {operation.OperationName} response could not be read: {exception.Message}",
            };
            throw CreateException(error, exception);
        }
    }

    private static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    // A generated mapper that returns null would otherwise surface as a NullReferenceException from 'throw null'.
    private AwsServiceException CreateException(ServiceError error, Exception? innerException) =>
        _service.CreateException(error, innerException) ?? new AwsServiceException(error, innerException);

    private HttpRequestMessage CreateHttpRequest(OperationRequest operation)
    {
        var basePath = _endpoint.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(_endpoint) { Path = string.Empty, Query = string.Empty };
        var uri = new Uri(builder.Uri.GetLeftPart(UriPartial.Authority) + basePath + operation.BuildPathAndQuery(), UriKind.Absolute);

        var request = new HttpRequestMessage(operation.Method, uri);
        request.Headers.UserAgent.Add(UserAgent);
        if (operation.Body is not null)
        {
            request.Content = new ByteArrayContent(operation.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(operation.ContentType!);
        }

        foreach (var header in operation.Headers)
        {
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
}
