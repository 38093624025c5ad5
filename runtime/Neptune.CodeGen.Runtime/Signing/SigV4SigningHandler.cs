using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime.Signing;

/// <summary>
/// A <see cref="DelegatingHandler"/> that signs every request it sends with SigV4, fetching credentials each time.
/// Use it for Neptune calls no spec covers (Gremlin or openCypher over HTTP). Place any retry handler outside
/// (before) it so that each attempt is signed afresh, and disable automatic redirects on the primary handler.
/// </summary>
public sealed class SigV4SigningHandler : DelegatingHandler
{
    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler; wire <see cref="DelegatingHandler.InnerHandler"/> yourself or through IHttpClientFactory.</summary>
    public SigV4SigningHandler(SigV4Signer signer, IAwsCredentialsProvider credentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(credentials);
        _signer = signer;
        _credentials = credentials;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        await _signer.SignAsync(request, credentials, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
