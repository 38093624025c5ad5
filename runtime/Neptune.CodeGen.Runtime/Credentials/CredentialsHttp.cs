using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>HTTP plumbing shared by the STS, container and instance-metadata providers.</summary>
internal static class CredentialsHttp
{
    // Link-local endpoints (169.254.x, fd00:ec2::) must never go through a proxy: IMDS refuses proxied token requests.
    private static readonly Lazy<HttpMessageHandler> DirectHandler = new(() => new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    private static readonly Lazy<HttpMessageHandler> DefaultHandler = new(() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    /// <summary>A client over the environment's handler, or over a shared one. Timeouts are applied per request.</summary>
    public static HttpClient CreateClient(AwsEnvironment environment, bool linkLocal) =>
        new(environment.HttpHandler ?? (linkLocal ? DirectHandler : DefaultHandler).Value, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Sends a request and reads the whole body as text, within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">No complete answer within the timeout.</exception>
    /// <exception cref="HttpRequestException">The request could not be sent.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (status, body, _) = await SendWithHeadersAsync(client, request, timeout, cancellationToken).ConfigureAwait(false);
        return (status, body);
    }

    /// <summary>As <see cref="SendAsync"/>, and also returns the response headers (for an error's type and request id).</summary>
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)> SendWithHeadersAsync(
        HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeoutSource.Token).ConfigureAwait(false);
            return (response.StatusCode, body, response.Headers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer from {request.RequestUri?.GetLeftPart(UriPartial.Path)} within {timeout.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>A short description of a failed request, without any part of the response body.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        TimeoutException timeout => timeout.Message,
        HttpRequestException http => $"the request failed ({http.HttpRequestError}): {http.Message}",
        _ => exception.Message,
    };
}
