using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN → STS AssumeRoleWithWebIdentity against a fake STS.</summary>
public sealed class WebIdentityCredentialsProviderTests : IDisposable
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.web+identity/token=";
    private readonly FakeMachine _machine = new();

    public WebIdentityCredentialsProviderTests()
    {
        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _machine.WriteFile("eks/token", Token + "\n");
        _machine.Variables["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/Pod";
    }

    public void Dispose() => _machine.Dispose();

    private ValueTask<CredentialsLookup> Lookup() => ((ICredentialsSource)new WebIdentityCredentialsProvider(_machine.Environment)).LookupAsync(default);

    [Fact]
    public async Task ExchangesTheTokenWithAnUnsignedCall()
    {
        _machine.Variables["AWS_ROLE_SESSION_NAME"] = "pod-session";
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRoleWithWebIdentity", "ASIAWEB"), "text/xml"));
        _machine.Handler = sts;

        var credentials = (await Lookup()).Credentials!;

        Assert.Equal(("ASIAWEB", FakeMachine.Secret, FakeMachine.SessionToken, Answers.Expiry),
            (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration));
        var request = Assert.Single(sts.All);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
        var form = request.Form();
        Assert.Equal("AssumeRoleWithWebIdentity", form["Action"]);
        Assert.Equal("2011-06-15", form["Version"]);
        Assert.Equal("arn:aws:iam::123456789012:role/Pod", form["RoleArn"]);
        Assert.Equal("pod-session", form["RoleSessionName"]);
        Assert.Equal(Token, form["WebIdentityToken"]);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task TokenFileIsReadOnEveryCallAndSessionNameIsGenerated()
    {
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRoleWithWebIdentity")));
        _machine.Handler = sts;
        var provider = new WebIdentityCredentialsProvider(_machine.Environment);

        await provider.GetCredentialsAsync();
        _machine.WriteFile("eks/token", "rotated-token");
        await provider.GetCredentialsAsync();

        var requests = sts.All;
        Assert.Equal(Token, requests[0].Form()["WebIdentityToken"]);
        Assert.Equal("rotated-token", requests[1].Form()["WebIdentityToken"]);
        Assert.Equal("neptune-codegen-" + _machine.Clock.Now.ToUnixTimeMilliseconds(), requests[0].Form()["RoleSessionName"]);
    }

    [Fact]
    public async Task DefaultEndpointIsRegionalSts()
    {
        _machine.StsEndpoint = null;
        _machine.Variables["AWS_REGION"] = "eu-central-1";
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRoleWithWebIdentity")));
        _machine.Handler = sts;

        await Lookup();
        _machine.Variables["AWS_REGION"] = null;
        await Lookup();
        _machine.Variables["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9999/";
        await Lookup();

        Assert.Equal(
            ["https://sts.eu-central-1.amazonaws.com/", "https://sts.us-east-1.amazonaws.com/", "http://127.0.0.1:9999/"],
            sts.All.ConvertAll(r => r.Uri.ToString()));
    }

    [Fact]
    public async Task NotConfiguredWithoutTheTokenFileVariable()
    {
        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = null;

        var lookup = await Lookup();

        Assert.Null(lookup.Credentials);
        Assert.Equal("AWS_WEB_IDENTITY_TOKEN_FILE is not set", lookup.NotFoundReason);
    }

    [Fact]
    public async Task TokenFileWithoutRoleArnIsAnError()
    {
        _machine.Variables["AWS_ROLE_ARN"] = null;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("AWS_ROLE_ARN is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTokenFileIsAnError()
    {
        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/nonexistent/neptune-test/token";

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("The web identity token file /nonexistent/neptune-test/token cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsRejectionAndBadAnswersAreErrorsWithoutTheToken()
    {
        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.BadRequest, Answers.StsError("InvalidIdentityToken", "Token expired")));
        var rejected = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("HTTP 400 InvalidIdentityToken: Token expired", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, rejected.ToString(), StringComparison.Ordinal);

        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, "<html>captive portal</html>"));
        var garbage = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("without Credentials/AccessKeyId and SecretAccessKey", garbage.Message, StringComparison.Ordinal);

        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.ServiceUnavailable, "not xml"));
        var unavailable = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("HTTP 503 (no error code)", unavailable.Message, StringComparison.Ordinal);

        _machine.Handler = ScriptedHandler.Unreachable();
        var unreachable = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());
        Assert.Contains("the request failed (ConnectionError)", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellationIsNotReportedAsATimeout()
    {
        _machine.Handler = new ScriptedHandler(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await ((ICredentialsSource)new WebIdentityCredentialsProvider(_machine.Environment)).LookupAsync(cancel.Token));
    }
}
