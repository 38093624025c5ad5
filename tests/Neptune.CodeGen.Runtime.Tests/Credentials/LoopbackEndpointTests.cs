using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>
/// The container and IMDS providers over a real socket (System.Net.HttpListener on 127.0.0.1) with the runtime's own
/// shared HTTP handler, i.e. without an injected one.
/// </summary>
public sealed class LoopbackEndpointTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _baseUrl;

    public LoopbackEndpointTests()
    {
        var port = FreePort();
        _baseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_baseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            var request = context.Request;
            _seen.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath} auth={request.Headers["Authorization"]} imds={request.Headers["X-aws-ec2-metadata-token"]}");
            var (status, body) = (request.HttpMethod, request.Url.AbsolutePath) switch
            {
                ("GET", "/container/creds") => (200, Answers.CredentialsJson("ASIALOOPCONTAINER")),
                ("PUT", "/latest/api/token") => (200, "loop-token"),
                ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "loop-role"),
                ("GET", "/latest/meta-data/iam/security-credentials/loop-role") => (200, Answers.CredentialsJson("ASIALOOPIMDS")),
                _ => (404, string.Empty),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    // These tests are about the exchange, not the providers' short default timeouts (1-2 s), which a busy CI machine
    // running several test assemblies at once can exceed on a real socket; timeouts have their own fake-clock tests.
    private static readonly TimeSpan LoadedMachineTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ContainerProviderOverLoopback()
    {
        var environment = new AwsEnvironment(name => name switch
        {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI" => _baseUrl + "container/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN" => "Bearer loop",
            _ => null,
        });

        var credentials = await new ContainerCredentialsProvider(environment) { Timeout = LoadedMachineTimeout }.GetCredentialsAsync();

        Assert.Equal("ASIALOOPCONTAINER", credentials.AccessKeyId);
        Assert.Equal(["GET /container/creds auth=Bearer loop imds="], _seen);
    }

    [Fact]
    public async Task ImdsProviderOverLoopback()
    {
        var environment = new AwsEnvironment(name => name == "AWS_EC2_METADATA_SERVICE_ENDPOINT" ? _baseUrl : null);

        var credentials = await new InstanceMetadataCredentialsProvider(environment) { Timeout = LoadedMachineTimeout }.GetCredentialsAsync();

        Assert.Equal("ASIALOOPIMDS", credentials.AccessKeyId);
        Assert.Equal(
            ["PUT /latest/api/token auth= imds=", "GET /latest/meta-data/iam/security-credentials/ auth= imds=loop-token",
             "GET /latest/meta-data/iam/security-credentials/loop-role auth= imds=loop-token"],
            _seen);
    }
}
