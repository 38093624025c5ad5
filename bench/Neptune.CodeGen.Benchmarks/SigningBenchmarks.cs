using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using BenchmarkDotNet.Attributes;
using Neptune.CodeGen.Runtime.Signing;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>The two Neptune-shaped requests signed in <see cref="SigningBenchmarks"/>.</summary>
public enum SignedRequest
{
    /// <summary>CancelMLModelTrainingJob: DELETE with an encoded query, no body, session credentials.</summary>
    DeleteCancel,

    /// <summary>StartMLModelTrainingJob-shaped: POST with a ~2 KB JSON body, session credentials.</summary>
    Post2KBJson,
}

/// <summary>
/// SigV4 header signing of one request: our <see cref="SigV4Signer.Sign"/> against a minimal hand-written signer (the
/// baseline, <see cref="MinimalSigV4"/>) and the AWS SDK for .NET's public signer (<see cref="AWSSigV4Signer"/>,
/// AWSSDK.Core 4.1.0), whose result headers are copied onto the request as its docs require.
/// Each operation builds a fresh <see cref="HttpRequestMessage"/> in both, with the same fixed signing time.
/// </summary>
/// <remarks>
/// With a fixed time our signer reuses its <c>X-Amz-Date</c> string (it keeps the last one per second), as it does for all
/// but the first request of each second in a busy client; the key is reused the same way (per day). The Host header is
/// added as a raw value, so validating it is left to whoever reads <c>Headers.Host</c> later (SocketsHttpHandler does,
/// once, when it sends).
/// </remarks>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly SigV4Signer _signer = new(Fixture.SigningName, Fixture.Region);
    private readonly MinimalSigV4 _minimal = new(Fixture.SigningName, Fixture.Region, reuseHashObjects: false);
    private readonly MinimalSigV4 _minimalReusing = new(Fixture.SigningName, Fixture.Region, reuseHashObjects: true);
    private readonly AWSSigV4Parameters _sdkParameters = new()
    {
        Credentials = new SessionAWSCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey, Fixture.SessionToken),
        Region = RegionEndpoint.USEast1,
        Service = Fixture.SigningName,
        SignPayload = true,
        SignedAt = Fixture.SigningTime.UtcDateTime,
    };

    private Uri _uri = null!;
    private HttpMethod _method = null!;
    private byte[]? _body;

    [Params(SignedRequest.DeleteCancel, SignedRequest.Post2KBJson)]
    public SignedRequest Request { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_method, _uri, _body) = Request switch
        {
            SignedRequest.DeleteCancel => (HttpMethod.Delete, new Uri(Fixture.CancelUrl), (byte[]?)null),
            _ => (HttpMethod.Post, new Uri(Fixture.StartTrainingUrl), Fixture.StartTrainingBody),
        };

        // Both must produce the same signature, or the comparison measures different work.
        using var ours = Ours();
        var a = ours.Headers.GetValues("Authorization").Single();
        foreach (var (name, other) in new[] { ("sdk", AwsSdk()), ("minimal", Minimal()), ("minimal reusing", MinimalReusing()) })
        {
            var b = other.Headers.GetValues("Authorization").Single();
            other.Dispose();
            if (a != b)
            {
                throw new InvalidOperationException($"The signers disagree on {Request}:\n ours: {a}\n {name}: {b}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "Minimal hand-written signer")]
    public HttpRequestMessage Minimal()
    {
        var request = CreateRequest();
        _minimal.Sign(request, Fixture.Credentials, Fixture.SigningTime, _body);
        return request;
    }

    [Benchmark(Description = "Minimal, reusing hash objects and key")]
    public HttpRequestMessage MinimalReusing()
    {
        var request = CreateRequest();
        _minimalReusing.Sign(request, Fixture.Credentials, Fixture.SigningTime, _body);
        return request;
    }

    [Benchmark(Description = "AWSSDK.Core AWSSigV4Signer")]
    public HttpRequestMessage AwsSdk()
    {
        var request = CreateRequest();
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri! };
        if (_body is not null)
        {
            // HttpClient sends these for a buffered body and our signer signs them; the SDK signs the headers it is given.
            signing.Content = _body;
            signing.Headers["Content-Type"] = "application/json";
            signing.Headers["Content-Length"] = _body.Length.ToString(CultureInfo.InvariantCulture);
        }

        var result = AWSSigV4Signer.Sign(signing, _sdkParameters);
        foreach (var header in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return request;
    }

    [Benchmark(Description = "Neptune SigV4Signer")]
    public HttpRequestMessage Ours()
    {
        var request = CreateRequest();
        _signer.Sign(request, Fixture.Credentials, Fixture.SigningTime, _body);
        return request;
    }

    /// <summary>What every row pays before signing: subtract it to get a signer's own time and allocations.</summary>
    [Benchmark(Description = "Creating the request only (no signing)")]
    public HttpRequestMessage RequestOnly() => CreateRequest();

    private HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(_method, _uri);
        if (_body is not null)
        {
            request.Content = new ByteArrayContent(_body);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }
}
