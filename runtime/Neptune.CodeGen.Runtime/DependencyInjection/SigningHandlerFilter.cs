using System;
using System.Net.Http;
using Microsoft.Extensions.Http;
using Neptune.CodeGen.Runtime.Signing;

namespace Neptune.CodeGen.Runtime.DependencyInjection;

/// <summary>
/// After everything else has configured one named HttpClient (its handlers, its primary handler), wraps the primary handler
/// in the signing handler, so signing is the last step before the wire whatever the application added, and turns off
/// automatic redirects (a signed request must never be re-sent to another address).
/// </summary>
internal sealed class SigningHandlerFilter : IHttpMessageHandlerBuilderFilter
{
    public SigningHandlerFilter(string httpClientName) => HttpClientName = httpClientName;

    public string HttpClientName { get; }

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return builder =>
        {
            next(builder);
            if (string.Equals(builder.Name, HttpClientName, StringComparison.Ordinal))
            {
                builder.PrimaryHandler = new RequestSigningHandler(WithoutRedirects(builder.PrimaryHandler, HttpClientName));
            }
        };
    }

    private static HttpMessageHandler WithoutRedirects(HttpMessageHandler handler, string httpClientName)
    {
        try
        {
            switch (handler)
            {
                case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                    sockets.AllowAutoRedirect = false;
                    break;
                case HttpClientHandler { AllowAutoRedirect: true } client:
                    client.AllowAutoRedirect = false;
                    break;
            }
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException(
                $"The primary handler of the HttpClient '{httpClientName}' has already sent requests, so automatic redirects cannot be " +
                "turned off on it. Return a new handler from ConfigurePrimaryHttpMessageHandler each time, with AllowAutoRedirect = false.", exception);
        }

        return handler;
    }
}
