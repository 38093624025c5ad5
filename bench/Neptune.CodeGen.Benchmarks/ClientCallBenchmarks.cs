using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Signing;
using Neptune.Data;
using Refit;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>
/// One CancelMLModelTrainingJob call end to end without a network: the generated <see cref="NeptuneDataClient"/> (request
/// building, validation, the pipeline's retry/timeout/telemetry/logging scaffolding, signing, response mapping) against the
/// least a hand-written caller must do (build the URL, sign with the same <see cref="SigV4Signer"/>, send, read the body
/// with <see cref="JsonDocument"/>). Both send over an <see cref="HttpClient"/> whose handler answers from memory, so the
/// ratio is the generated code's and the pipeline's overhead over the bare minimum. Refit's call of the same endpoint
/// (without signing, which Refit does not do) is shown beside them.
/// </summary>
[MemoryDiagnoser]
public class ClientCallBenchmarks
{
    private static readonly CancelMLModelTrainingJobRequest Input = new() { Id = "job-1", Clean = true, NeptuneIamRoleArn = Fixture.RoleArn };

    private readonly SigV4Signer _signer = new(Fixture.SigningName, Fixture.Region);
    private HttpClient _httpClient = null!;
    private HttpClient _refitHttpClient = null!;
    private NeptuneDataClient _client = null!;
    private INeptuneRefitApi _refit = null!;

    [GlobalSetup]
    public void Setup()
    {
        _httpClient = new HttpClient(new InMemoryClusterHandler(signed: true), disposeHandler: true);
        _refitHttpClient = new HttpClient(new InMemoryClusterHandler(signed: false), disposeHandler: true) { BaseAddress = new Uri(Fixture.Cluster) };
        _refit = RestService.For<INeptuneRefitApi>(_refitHttpClient);
        _client = new NeptuneDataClient(new NeptuneDataClientOptions
        {
            Endpoint = new Uri(Fixture.Cluster),
            Region = Fixture.Region,
            Credentials = Fixture.Credentials,
        }, _httpClient);

        // The three share code (the signer, HttpClient): warm it all to its final JIT tier first, so the row measured first
        // (the baseline) does not pay for tiering the others then profit from.
        for (var i = 0; i < 20_000; i++)
        {
            HandWritten().GetAwaiter().GetResult();
            Generated().GetAwaiter().GetResult();
            Refit().GetAwaiter().GetResult();
        }

        // Both must send the same request and read the same answer.
        var generated = Generated().GetAwaiter().GetResult();
        var handWritten = HandWritten().GetAwaiter().GetResult();
        var refit = Refit().GetAwaiter().GetResult();
        if (generated != "Stopping" || handWritten != "Stopping" || refit != "Stopping")
        {
            throw new InvalidOperationException($"Unexpected results: generated {generated}, hand-written {handWritten}, Refit {refit}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _httpClient.Dispose();
        _refitHttpClient.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Hand-written: HttpClient + SigV4Signer + JsonDocument")]
    public async Task<string?> HandWritten()
    {
        var url = new StringBuilder(Fixture.Cluster.Length + 128)
            .Append(Fixture.Cluster).Append("/ml/modeltraining/");
        PercentEncoding.Append(url, Input.Id);
        url.Append("?neptuneIamRoleArn=");
        PercentEncoding.Append(url, Input.NeptuneIamRoleArn!);
        url.Append("&clean=").Append(Input.Clean == true ? "true" : "false");

        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(url.ToString()));
        _signer.Sign(request, Fixture.Credentials, DateTimeOffset.UtcNow, ReadOnlySpan<byte>.Empty);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
    }

    [Benchmark(Description = "Generated NeptuneDataClient")]
    public async Task<string?> Generated()
    {
        var response = await _client.CancelMLModelTrainingJobAsync(Input).ConfigureAwait(false);
        return response.Status;
    }

    [Benchmark(Description = "Refit 16.4 (unsigned)")]
    public async Task<string?> Refit()
    {
        var response = await _refit.CancelMLModelTrainingJobAsync(Input.Id!, Input.NeptuneIamRoleArn, Input.Clean).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>The same endpoint as a Refit interface (Refit's generator implements it in this project). Refit does not sign.</summary>
    public interface INeptuneRefitApi
    {
        [Delete("/ml/modeltraining/{id}")]
        Task<StatusDto> CancelMLModelTrainingJobAsync(string id, [Query] string? neptuneIamRoleArn, [Query] bool? clean, CancellationToken cancellationToken = default);
    }

    /// <summary>
    /// Answers every request as a cluster answers a cancel, after checking the request (and, for the signed callers, that
    /// it was signed); no sockets. Refit writes booleans in the query as True/False, so its query is compared ignoring case.
    /// </summary>
    private sealed class InMemoryClusterHandler(bool signed) : HttpMessageHandler
    {
        private const string Expected = "/ml/modeltraining/job-1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML&clean=true";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Respond(request));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Respond(request);

        private HttpResponseMessage Respond(HttpRequestMessage request)
        {
            if (request.Headers.Contains("Authorization") != signed
                || request.Method != HttpMethod.Delete
                || !string.Equals(request.RequestUri!.PathAndQuery, Expected, signed ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest) { RequestMessage = request };
            }

            var content = new ByteArrayContent(Fixture.StatusBody);
            content.Headers.ContentType = new("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
