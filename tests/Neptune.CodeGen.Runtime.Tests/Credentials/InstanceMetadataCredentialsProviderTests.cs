using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>IMDSv2 (and the narrow IMDSv1 fallback) against a scripted metadata service.</summary>
public sealed class InstanceMetadataCredentialsProviderTests : IDisposable
{
    private const string Role = "my-instance-role";
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    /// <summary>A metadata service: answers the token PUT with <paramref name="tokenStatus"/>, and requires the token when it gave one.</summary>
    private static ScriptedHandler Imds(HttpStatusCode tokenStatus = HttpStatusCode.OK, HttpStatusCode roleStatus = HttpStatusCode.OK) => new(request =>
    {
        var path = request.Uri.AbsolutePath;
        if (request.Method == HttpMethod.Put && path == "/latest/api/token")
        {
            return ScriptedHandler.Text(tokenStatus, tokenStatus == HttpStatusCode.OK ? "imds-session-token" : string.Empty);
        }

        if (tokenStatus == HttpStatusCode.OK && request.Header("X-aws-ec2-metadata-token") != "imds-session-token")
        {
            return ScriptedHandler.Text(HttpStatusCode.Unauthorized, string.Empty);
        }

        return path switch
        {
            "/latest/meta-data/iam/security-credentials/" => ScriptedHandler.Text(roleStatus, roleStatus == HttpStatusCode.OK ? Role + "\n" : string.Empty),
            "/latest/meta-data/iam/security-credentials/" + Role => ScriptedHandler.Text(HttpStatusCode.OK, Answers.CredentialsJson("ASIAIMDS")),
            _ => ScriptedHandler.Text(HttpStatusCode.NotFound, string.Empty),
        };
    });

    private ValueTask<CredentialsLookup> Lookup() => ((ICredentialsSource)new InstanceMetadataCredentialsProvider(_machine.Environment)).LookupAsync(default);

    [Fact]
    public async Task V2TokenThenRoleThenCredentials()
    {
        var imds = Imds();
        _machine.Handler = imds;

        var credentials = (await Lookup()).Credentials!;

        Assert.Equal(("ASIAIMDS", FakeMachine.Secret, FakeMachine.SessionToken, Answers.Expiry),
            (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration));
        var requests = imds.All;
        Assert.Equal(
            ["PUT http://169.254.169.254/latest/api/token", "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
             "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/" + Role],
            requests.Select(r => $"{r.Method} {r.Uri}"));
        Assert.Equal("21600", requests[0].Header("X-aws-ec2-metadata-token-ttl-seconds"));
        Assert.All(requests.Skip(1), r => Assert.Equal("imds-session-token", r.Header("X-aws-ec2-metadata-token")));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1338/some/path", "http://127.0.0.1:1338/latest/api/token")]
    [InlineData(null, "http://[fd00:ec2::254]/latest/api/token")]
    public async Task EndpointFromVariables(string? endpoint, string expectedTokenUrl)
    {
        var imds = Imds();
        _machine.Handler = imds;
        _machine.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = endpoint;
        _machine.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "IPv6";

        Assert.NotNull((await Lookup()).Credentials);
        Assert.Equal(expectedTokenUrl, imds.All[0].Uri.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    public async Task V1FallbackOnlyWhenTheTokenCallIsRefused(HttpStatusCode tokenStatus)
    {
        var imds = Imds(tokenStatus);
        _machine.Handler = imds;

        Assert.Equal("ASIAIMDS", (await Lookup()).Credentials!.AccessKeyId);
        Assert.All(imds.All.Skip(1), r => Assert.Null(r.Header("X-aws-ec2-metadata-token")));
    }

    [Fact]
    public async Task NoV1FallbackWhenV1IsDisabled()
    {
        var imds = Imds(HttpStatusCode.Forbidden);
        _machine.Handler = imds;
        _machine.Variables["AWS_EC2_METADATA_V1_DISABLED"] = "TRUE";

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("refused an IMDSv2 token (HTTP 403) and AWS_EC2_METADATA_V1_DISABLED is true", error.Message, StringComparison.Ordinal);
        Assert.Single(imds.All);
    }

    [Fact]
    public async Task OtherTokenErrorsDoNotFallBack()
    {
        var imds = Imds(HttpStatusCode.InternalServerError);
        _machine.Handler = imds;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("answered the IMDSv2 token request with HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Single(imds.All);
    }

    [Fact]
    public async Task DisabledMeansNoRequestAtAll()
    {
        var imds = Imds();
        _machine.Handler = imds;
        _machine.Variables["AWS_EC2_METADATA_DISABLED"] = "true";

        var lookup = await Lookup();

        Assert.Equal("AWS_EC2_METADATA_DISABLED is true", lookup.NotFoundReason);
        Assert.Empty(imds.All);
    }

    [Fact]
    public async Task NoRoleAttachedIsNotFound()
    {
        _machine.Handler = Imds(roleStatus: HttpStatusCode.NotFound);

        var lookup = await Lookup();

        Assert.Null(lookup.Credentials);
        Assert.Contains("has no IAM role attached", lookup.NotFoundReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableIsNotFoundAfterOneRequest()
    {
        var handler = ScriptedHandler.Unreachable();
        _machine.Handler = handler;

        var lookup = await Lookup();

        Assert.Contains("no instance metadata service answered at http://169.254.169.254/", lookup.NotFoundReason, StringComparison.Ordinal);
        Assert.Single(handler.All);
    }

    [Fact]
    public async Task SilentServiceTimesOutQuicklyWithoutRetrying()
    {
        var handler = new ScriptedHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        _machine.Handler = handler;
        var provider = new InstanceMetadataCredentialsProvider(_machine.Environment) { Timeout = TimeSpan.FromMilliseconds(100) };

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());

        Assert.Contains("No answer from http://169.254.169.254/latest/api/token within 0.1 s", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.All);
        Assert.Equal(TimeSpan.FromSeconds(1), new InstanceMetadataCredentialsProvider(_machine.Environment).Timeout);
    }

    [Fact]
    public async Task BadCredentialsDocumentIsAnErrorWithoutSecrets()
    {
        _machine.Handler = new ScriptedHandler(request => request.Uri.AbsolutePath switch
        {
            "/latest/api/token" => ScriptedHandler.Text(HttpStatusCode.OK, "t"),
            "/latest/meta-data/iam/security-credentials/" => ScriptedHandler.Text(HttpStatusCode.OK, Role),
            _ => ScriptedHandler.Text(HttpStatusCode.OK, $$"""{"Code":"AssumeRoleUnauthorizedAccess","SecretAccessKey":"{{FakeMachine.Secret}}"}"""),
        });

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("Code 'AssumeRoleUnauthorizedAccess'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.Secret, error.ToString(), StringComparison.Ordinal);
    }
}
