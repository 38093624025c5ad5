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

namespace Neptune.CodeGen.Benchmarks;

/// <summary>
/// One CancelMLModelTrainingJob call end to end without a network: the generated <see cref="NeptuneDataClient"/> (request
/// building, validation, the pipeline's retry/timeout/telemetry/logging scaffolding, signing, response mapping) against the
/// least a hand-written caller must do (build the URL, sign with the same <see cref="SigV4Signer"/>, send, read the body
/// with <see cref="JsonDocument"/>). Both send over an <see cref="HttpClient"/> whose handler answers from memory, so the
/// ratio is the generated code's and the pipeline's overhead over the bare minimum.
/// </summary>
[MemoryDiagnoser]
public class ClientCallBenchmarks
{
    private static readonly CancelMLModelTrainingJobRequest Input = new() { Id = "job-1", Clean = true, NeptuneIamRoleArn = Fixture.RoleArn };

    private readonly SigV4Signer _signer = new(Fixture.SigningName, Fixture.Region);
    private HttpClient _httpClient = null!;
    private NeptuneDataClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _httpClient = new HttpClient(new InMemoryClusterHandler(), disposeHandler: true);
        _client = new NeptuneDataClient(new NeptuneDataClientOptions
        {
            Endpoint = new Uri(Fixture.Cluster),
            Region = Fixture.Region,
            Credentials = Fixture.Credentials,
        }, _httpClient);

        // Both must send the same request and read the same answer.
        var generated = Generated().GetAwaiter().GetResult();
        var handWritten = HandWritten().GetAwaiter().GetResult();
        if (generated != "Stopping" || handWritten != "Stopping")
        {
            throw new InvalidOperationException($"Unexpected results: generated {generated}, hand-written {handWritten}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _httpClient.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Hand-written: HttpClient + SigV4Signer + JsonDocument")]
    public async Task<string?> HandWritten()
    {
        var url = new StringBuilder(Fixture.Cluster.Length + 128)
            .Append(Fixture.Cluster).Append("/ml/modeltraining/");
        PercentEncoding.Append(url, Input.Id);
        url.Append("?clean=").Append(Input.Clean == true ? "true" : "false");
        url.Append("&neptuneIamRoleArn=");
        PercentEncoding.Append(url, Input.NeptuneIamRoleArn!);

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

    /// <summary>Answers every request as a cluster answers a cancel, after checking it was signed; no sockets.</summary>
    private sealed class InMemoryClusterHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Respond(request));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Respond(request);

        private static HttpResponseMessage Respond(HttpRequestMessage request)
        {
            if (!request.Headers.Contains("Authorization")
                || request.Method != HttpMethod.Delete
                || request.RequestUri!.PathAndQuery != "/ml/modeltraining/job-1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML&clean=true")
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest) { RequestMessage = request };
            }

            var content = new ByteArrayContent(Fixture.StatusBody);
            content.Headers.ContentType = new("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
