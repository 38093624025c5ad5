using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>A pipeline built without Region or Credentials uses the region resolver and the default chain.</summary>
public sealed class PipelineCredentialDefaultsTests : IDisposable
{
    private static readonly ServiceDescription Service = new("NeptuneData", "neptune-db", "2023-08-01", (error, inner) => new AwsServiceException(error, inner));
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private sealed class Options : AwsClientOptions
    {
    }

    [Fact]
    public async Task RegionFromTheProfileAndCredentialsFromTheEnvironment()
    {
        _machine.WriteConfig("[profile neptune]\nregion = eu-west-2\n");
        _machine.Variables["AWS_PROFILE"] = "neptune";
        _machine.Variables["AWS_ACCESS_KEY_ID"] = "AKIDCHAIN";
        _machine.Variables["AWS_SECRET_ACCESS_KEY"] = FakeMachine.Secret;
        var service = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, "{}", "application/json"));
        var options = new Options { Endpoint = new Uri("https://my-cluster:8182"), AwsEnvironment = _machine.Environment };
        using var pipeline = new ServiceClientPipeline(Service, options, new HttpClient(service));

        await pipeline.SendAsync(new OperationRequest("GetEngineStatus", HttpMethod.Get), _ => 0, CancellationToken.None);

        var authorization = Assert.Single(service.All).Header("Authorization");
        Assert.Contains("Credential=AKIDCHAIN/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-2/neptune-db/aws4_request", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentialsAnywhereFailsBeforeSendingWithTheAggregatedMessage()
    {
        var service = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, "{}"));
        var options = new Options { Endpoint = new Uri("https://my-cluster:8182"), Region = "us-east-1", AwsEnvironment = _machine.Environment };
        _machine.Variables["AWS_EC2_METADATA_DISABLED"] = "true";
        using var pipeline = new ServiceClientPipeline(Service, options, new HttpClient(service));

        var error = await Assert.ThrowsAsync<Neptune.CodeGen.Runtime.Credentials.AwsCredentialsException>(
            () => pipeline.SendAsync(new OperationRequest("GetEngineStatus", HttpMethod.Get), _ => 0, CancellationToken.None));

        Assert.Contains("EC2 instance metadata: AWS_EC2_METADATA_DISABLED is true", error.Message, StringComparison.Ordinal);
        Assert.Empty(service.All);
    }
}
