using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>
/// SSO in the default chain (inside the profile step, after environment and web identity, before container and IMDS, as
/// in the AWS SDK for .NET), the caching of its role credentials, and a signed call through the runtime pipeline with
/// nothing but the files <c>aws configure sso</c> and <c>aws sso login</c> write. Every endpoint is a loopback stand-in.
/// </summary>
public sealed class SsoChainTests : IDisposable
{
    private readonly FakeMachine _machine = new();
    private readonly SsoStandIn _standIn = new();

    public SsoChainTests()
    {
        _machine.Handler = new SocketsHttpHandler { UseProxy = false };
        _machine.StsEndpoint = new Uri(_standIn.BaseUrl + "sts/");
        _machine.Variables["AWS_ENDPOINT_URL_SSO"] = _standIn.BaseUrl;
        _machine.Variables["AWS_ENDPOINT_URL_SSO_OIDC"] = _standIn.BaseUrl;
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _standIn.BaseUrl + "container";
        _machine.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = _standIn.BaseUrl;
        _standIn.Other = request => request.Path switch
        {
            "/sts/" => new(200, Answers.StsCredentials("AssumeRoleWithWebIdentity", "ASIAWEBIDENTITY")),
            "/container" => new(200, Answers.CredentialsJson("ASIACONTAINER")),
            "/latest/api/token" => new(200, "imds-token"),
            "/latest/meta-data/iam/security-credentials/" => new(200, "role"),
            "/latest/meta-data/iam/security-credentials/role" => new(200, Answers.CredentialsJson("ASIAIMDS")),
            _ => new(404, string.Empty),
        };
    }

    public void Dispose()
    {
        _standIn.Dispose();
        _machine.Dispose();
    }

    private void WriteSsoProfileAndToken(TimeSpan validFor)
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        _machine.Variables["AWS_PROFILE"] = "dev";
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.AdminSessionFile), SsoFiles.SessionToken(_machine.Clock.Now + validFor));
    }

    private Task<AwsCredentials> Resolve() => new DefaultCredentialsChain(_machine.Environment).GetCredentialsAsync().AsTask();

    private List<string> PathsAsked() => _standIn.All.Select(r => r.Path).ToList();

    [Fact]
    public async Task SsoProfileComesAfterEnvironmentAndWebIdentityAndBeforeContainerAndImds()
    {
        WriteSsoProfileAndToken(TimeSpan.FromHours(8));
        _machine.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        _machine.Variables["AWS_SECRET_ACCESS_KEY"] = FakeMachine.Secret;
        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _machine.WriteFile("jwt", "header.payload.signature");
        _machine.Variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Web";

        Assert.Equal("AKIDENV", (await Resolve()).AccessKeyId);
        Assert.Empty(_standIn.All);

        _machine.Variables["AWS_ACCESS_KEY_ID"] = null;
        Assert.Equal("ASIAWEBIDENTITY", (await Resolve()).AccessKeyId);
        Assert.Equal(["/sts/"], PathsAsked());

        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = null;
        Assert.Equal("ASIASSO", (await Resolve()).AccessKeyId);
        Assert.Equal(["/sts/", "/federation/credentials"], PathsAsked());

        // The container endpoint and instance metadata are configured too, but never asked.
        Assert.DoesNotContain(PathsAsked(), path => path.StartsWith("/container", StringComparison.Ordinal) || path.StartsWith("/latest", StringComparison.Ordinal));
        Assert.IsType<ProfileCredentialsProvider>(DefaultCredentialsChain.CreateDefaultProviders(_machine.Environment)[2]);
    }

    [Fact]
    public async Task ExpiredSsoTokenStopsTheSearchBeforeContainerAndImds()
    {
        WriteSsoProfileAndToken(-TimeSpan.FromHours(1));
        _standIn.Oidc = _ => new(400, """{"error":"invalid_grant"}""");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(Resolve);

        Assert.StartsWith("AWS credentials from profile could not be loaded, so the search stopped there:", error.Message, StringComparison.Ordinal);
        Assert.Contains("run `aws sso login --profile dev`", error.Message, StringComparison.Ordinal);
        Assert.Contains("  - web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set", error.Message, StringComparison.Ordinal);
        Assert.Equal(["/token"], PathsAsked());
        SsoCredentialsTests.AssertNoSecrets(error.ToString());
    }

    [Fact]
    public async Task RoleCredentialsAreCachedUntilShortlyBeforeTheyExpire()
    {
        WriteSsoProfileAndToken(TimeSpan.FromHours(8));
        var chain = new DefaultCredentialsChain(_machine.Environment);

        Assert.Equal("ASIASSO", (await chain.GetCredentialsAsync()).AccessKeyId);
        _machine.Clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("ASIASSO", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Single(_standIn.PortalCalls);

        // The role credentials expire at 04:04:05; five minutes before, the chain asks the portal again.
        _standIn.RoleExpiration = _machine.Clock.Now + TimeSpan.FromHours(1);
        _machine.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(_standIn.RoleExpiration, (await chain.GetCredentialsAsync()).Expiration);
        Assert.Equal(2, _standIn.PortalCalls.Count);
    }

    [Fact]
    public async Task ConfigureSsoProfileAndSsoLoginTokenGiveASignedCallWithNoOtherSetup()
    {
        // The real clock and the runtime's own HTTP stack: only the files and the variables a user has, plus the loopback
        // endpoints standing in for IAM Identity Center and the cluster.
        var home = _machine.Home;
        var now = DateTimeOffset.UtcNow;
        _machine.WriteConfig(SsoFiles.SessionConfig("my-dev-profile"));
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.AdminSessionFile), SsoFiles.SessionToken(now + TimeSpan.FromHours(8)));
        _standIn.RoleExpiration = now + TimeSpan.FromHours(1);
        _standIn.Other = _ => new(200, """{"status":"healthy"}""");
        var variables = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["AWS_PROFILE"] = "my-dev-profile",
            ["AWS_ENDPOINT_URL_SSO"] = _standIn.BaseUrl,
        };
        var options = new Options { Endpoint = new Uri(_standIn.BaseUrl), AwsEnvironment = new AwsEnvironment(name => variables.GetValueOrDefault(name)) };
        var service = new ServiceDescription("NeptuneData", "neptune-db", "2023-08-01", (error, inner) => new AwsServiceException(error, inner));
        using var pipeline = new ServiceClientPipeline(service, options, new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }));

        await pipeline.SendAsync(new OperationRequest("GetEngineStatus", HttpMethod.Get), _ => 0, CancellationToken.None);

        var calls = _standIn.All;
        Assert.Equal(2, calls.Count);
        Assert.Equal(SsoStandIn.AccessToken, calls[0].Header("x-amz-sso_bearer_token"));
        Assert.Equal("?account_id=111122223333&role_name=ReadOnly", calls[0].Query);
        var signed = calls[1];
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=ASIASSO/\d{8}/us-west-2/neptune-db/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$", signed.Header("Authorization"));
        Assert.Equal(SsoStandIn.RoleSessionToken, signed.Header("X-Amz-Security-Token"));
        Assert.Null(signed.Header("x-amz-sso_bearer_token"));
    }

    private sealed class Options : AwsClientOptions
    {
    }
}
