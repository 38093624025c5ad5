using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>ECS / EKS Pod Identity container credentials.</summary>
public sealed class ContainerCredentialsProviderTests : IDisposable
{
    private readonly FakeMachine _machine = new();
    private readonly ScriptedHandler _endpoint = new(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.CredentialsJson("ASIACONTAINER"), "application/json"));

    public ContainerCredentialsProviderTests() => _machine.Handler = _endpoint;

    public void Dispose() => _machine.Dispose();

    private ValueTask<CredentialsLookup> Lookup() => ((ICredentialsSource)new ContainerCredentialsProvider(_machine.Environment)).LookupAsync(default);

    [Fact]
    public async Task RelativeUriGoesToTheEcsAgentAndWinsOverFullUri()
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:8080/ignored";

        var credentials = (await Lookup()).Credentials!;

        Assert.Equal(("ASIACONTAINER", FakeMachine.Secret, FakeMachine.SessionToken, Answers.Expiry),
            (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration));
        var request = Assert.Single(_endpoint.All);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://169.254.170.2/v2/credentials/abc", request.Uri.ToString());
        Assert.Null(request.Header("Authorization"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/creds")]
    [InlineData("http://127.1.2.3/creds")]
    [InlineData("http://localhost:8080/creds")]
    [InlineData("http://[::1]:8080/creds")]
    [InlineData("http://169.254.170.23/v1/credentials")]
    [InlineData("http://[fd00:ec2::23]/v1/credentials")]
    [InlineData("https://creds.example.com/creds")]
    public async Task FullUriToAllowedHosts(string uri)
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri;

        Assert.Equal("ASIACONTAINER", (await Lookup()).Credentials!.AccessKeyId);
        Assert.Equal(new Uri(uri), Assert.Single(_endpoint.All).Uri);
    }

    [Theory]
    [InlineData("http://creds.example.com/creds", "uses http with host 'creds.example.com'")]
    [InlineData("http://10.0.0.1/creds", "uses http with host '10.0.0.1'")]
    [InlineData("ftp://127.0.0.1/creds", "is not an absolute http or https URL")]
    [InlineData("not a url", "is not an absolute http or https URL")]
    public async Task FullUriToOtherHostsIsRefusedBeforeSending(string uri, string expected)
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(_endpoint.All);
    }

    [Fact]
    public async Task AuthorizationTokenFileWinsAndIsReadEachTime()
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
        _machine.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "from-variable";
        var provider = new ContainerCredentialsProvider(_machine.Environment);

        await provider.GetCredentialsAsync();
        _machine.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = _machine.WriteFile("pod-identity-token", "from-file-1\n");
        await provider.GetCredentialsAsync();
        _machine.WriteFile("pod-identity-token", "from-file-2");
        await provider.GetCredentialsAsync();

        Assert.Equal(["from-variable", "from-file-1", "from-file-2"], _endpoint.All.ConvertAll(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task TokenWithLineBreakIsRefused()
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";
        _machine.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = _machine.WriteFile("token", "abc\r\nX-Injected: yes");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("contains a line break", error.Message, StringComparison.Ordinal);
        Assert.Empty(_endpoint.All);
    }

    [Fact]
    public async Task NotConfiguredWithoutEitherVariable()
    {
        var lookup = await Lookup();

        Assert.Null(lookup.Credentials);
        Assert.Contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI", lookup.NotFoundReason, StringComparison.Ordinal);
        Assert.Empty(_endpoint.All);
    }

    [Fact]
    public async Task EndpointFailuresAreErrorsWithoutTheBody()
    {
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";

        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.Unauthorized, FakeMachine.Secret));
        var refused = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("answered HTTP 401", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.Secret, refused.ToString(), StringComparison.Ordinal);

        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, "{\"AccessKeyId\":\"A\"," + FakeMachine.Secret));
        var broken = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("are not valid JSON", broken.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.Secret, broken.ToString(), StringComparison.Ordinal);

        _machine.Handler = new ScriptedHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var provider = new ContainerCredentialsProvider(_machine.Environment) { Timeout = TimeSpan.FromMilliseconds(100) };
        var slow = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
        Assert.Contains("No answer from http://169.254.170.2/creds within 0.1 s", slow.Message, StringComparison.Ordinal);
    }
}
