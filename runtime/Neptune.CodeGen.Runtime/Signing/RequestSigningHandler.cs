using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Signing;

/// <summary>
/// Signs each request that carries a <see cref="RequestSigningContext"/>, every time it passes, then hands it to the real
/// primary handler. The dependency-injection registration makes it the outer part of the HttpClient's primary handler, so
/// it is always the last handler before the wire: any handler the application adds (a resilience handler that resends the
/// same <see cref="HttpRequestMessage"/>, a logging handler) runs outside it, and every resend is signed afresh.
/// Requests without a context pass through unchanged.
/// </summary>
internal sealed class RequestSigningHandler : DelegatingHandler
{
    public RequestSigningHandler(HttpMessageHandler innerHandler) : base(innerHandler)
    {
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RequestSigningContext.OptionsKey, out var signing))
        {
            await signing.SignAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
