using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Retries;

namespace Neptune.CodeGen.Runtime.Signing;

/// <summary>
/// What a request must be signed with, attached to it (in <see cref="HttpRequestMessage.Options"/>) by a pipeline that
/// leaves signing to its HttpClient's primary handler (<see cref="RequestSigningHandler"/>). Every send signs the request
/// afresh: new credentials from the provider, the current time corrected by the endpoint's clock offset (the one the
/// pipeline learns from clock-skew errors), the same body bytes.
/// </summary>
internal sealed class RequestSigningContext
{
    /// <summary>The key under which the context travels on the request.</summary>
    public static readonly HttpRequestOptionsKey<RequestSigningContext> OptionsKey = new("Neptune.CodeGen.RequestSigning");

    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly ClockSkew _clockSkew;
    private readonly byte[]? _payload;
    private int _timesSigned;

    public RequestSigningContext(SigV4Signer signer, IAwsCredentialsProvider credentials, TimeProvider timeProvider, ClockSkew clockSkew, byte[]? payload)
    {
        _signer = signer;
        _credentials = credentials;
        _timeProvider = timeProvider;
        _clockSkew = clockSkew;
        _payload = payload;
    }

    /// <summary>How many times the request was signed (once per send; 0 means no signing handler saw it).</summary>
    public int TimesSigned => Volatile.Read(ref _timesSigned);

    /// <summary>Signs the request in place, replacing any earlier signature.</summary>
    public async ValueTask SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        _signer.Sign(request, credentials, _timeProvider.GetUtcNow() + _clockSkew.Offset, _payload ?? ReadOnlySpan<byte>.Empty);
        Interlocked.Increment(ref _timesSigned);
    }
}
