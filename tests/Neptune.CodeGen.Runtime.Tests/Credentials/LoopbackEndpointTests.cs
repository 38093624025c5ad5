using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>
/// The container and IMDS providers over a real socket (<see cref="SsoStandIn"/>, HttpListener on 127.0.0.1) with the runtime's own
/// shared HTTP handler, i.e. without an injected one.
/// </summary>
public sealed class LoopbackEndpointTests : IDisposable
{
    private readonly SsoStandIn _server = new()
    {
        Other = request => (request.Method, request.Path) switch
        {
            ("GET", "/container/creds") => new(200, Answers.CredentialsJson("ASIALOOPCONTAINER")),
            ("PUT", "/latest/api/token") => new(200, "loop-token"),
            ("GET", "/latest/meta-data/iam/security-credentials/") => new(200, "loop-role"),
            ("GET", "/latest/meta-data/iam/security-credentials/loop-role") => new(200, Answers.CredentialsJson("ASIALOOPIMDS")),
            _ => new(404, string.Empty),
        },
    };

    private string BaseUrl => _server.BaseUrl;

    private IEnumerable<string> Seen =>
        _server.All.Select(r => $"{r.Method} {r.Path} auth={r.Header("Authorization")} imds={r.Header("X-aws-ec2-metadata-token")}");

    public void Dispose() => _server.Dispose();

    // These tests are about the exchange, not the providers' short default timeouts (1-2 s), which a busy CI machine
    // running several test assemblies at once can exceed on a real socket; timeouts have their own fake-clock tests.
    private static readonly TimeSpan LoadedMachineTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ContainerProviderOverLoopback()
    {
        var environment = new AwsEnvironment(name => name switch
        {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI" => BaseUrl + "container/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN" => "Bearer loop",
            _ => null,
        });

        var credentials = await new ContainerCredentialsProvider(environment) { Timeout = LoadedMachineTimeout }.GetCredentialsAsync();

        Assert.Equal("ASIALOOPCONTAINER", credentials.AccessKeyId);
        Assert.Equal(["GET /container/creds auth=Bearer loop imds="], Seen);
    }

    [Fact]
    public async Task ImdsProviderOverLoopback()
    {
        var environment = new AwsEnvironment(name => name == "AWS_EC2_METADATA_SERVICE_ENDPOINT" ? BaseUrl : null);

        var credentials = await new InstanceMetadataCredentialsProvider(environment) { Timeout = LoadedMachineTimeout }.GetCredentialsAsync();

        Assert.Equal("ASIALOOPIMDS", credentials.AccessKeyId);
        Assert.Equal(
            ["PUT /latest/api/token auth= imds=", "GET /latest/meta-data/iam/security-credentials/ auth= imds=loop-token",
             "GET /latest/meta-data/iam/security-credentials/loop-role auth= imds=loop-token"],
            Seen);
    }
}
