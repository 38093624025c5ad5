using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>
/// IAM Identity Center (SSO) profiles through <see cref="ProfileCredentialsProvider"/>, against loopback stand-ins for the
/// SSO portal and SSO OIDC, with a temporary home holding the config file and the token cache.
/// </summary>
public sealed class SsoCredentialsTests : IDisposable
{
    private readonly FakeMachine _machine = new();
    private readonly SsoStandIn _standIn = new();

    public SsoCredentialsTests()
    {
        _machine.Handler = new SocketsHttpHandler { UseProxy = false };
        _machine.Variables["AWS_ENDPOINT_URL_SSO"] = _standIn.BaseUrl;
        _machine.Variables["AWS_ENDPOINT_URL_SSO_OIDC"] = _standIn.BaseUrl;
    }

    public void Dispose()
    {
        _standIn.Dispose();
        _machine.Dispose();
    }

    private DateTimeOffset Now => _machine.Clock.Now;

    private string SessionTokenPath => SsoFiles.CachePath(_machine.Home, SsoFiles.AdminSessionFile);

    private string WriteSessionToken(TimeSpan validFor, DateTimeOffset? registrationExpiresAt = null) =>
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.AdminSessionFile), SsoFiles.SessionToken(Now + validFor, registrationExpiresAt));

    private ValueTask<AwsCredentials> Credentials(string profile = "dev") => new ProfileCredentialsProvider(profile, _machine.Environment).GetCredentialsAsync();

    private async Task<AwsCredentialsException> Failure(string profile = "dev")
    {
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Credentials(profile));
        AssertNoSecrets(error.ToString());
        return error;
    }

    internal static void AssertNoSecrets(string text)
    {
        foreach (var secret in new[]
                 {
                     SsoStandIn.AccessToken, SsoStandIn.RefreshToken, SsoStandIn.ClientSecret, SsoStandIn.NewAccessToken,
                     SsoStandIn.NewRefreshToken, SsoStandIn.RoleSecret, SsoStandIn.RoleSessionToken, FakeMachine.Secret,
                 })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SessionProfileExchangesTheCachedTokenForRoleCredentials()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(TimeSpan.FromHours(1));

        var credentials = await Credentials();

        Assert.Equal(("ASIASSO", SsoStandIn.RoleSecret, SsoStandIn.RoleSessionToken), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        Assert.Equal(_standIn.RoleExpiration, credentials.Expiration);
        var call = Assert.Single(_standIn.All);
        Assert.Equal(("GET", "/federation/credentials", "?account_id=111122223333&role_name=ReadOnly"), (call.Method, call.Path, call.Query));
        Assert.Equal(SsoStandIn.AccessToken, call.Header("x-amz-sso_bearer_token"));
        Assert.Null(call.Header("Authorization"));
        AssertNoSecrets(credentials.ToString());
    }

    [Fact]
    public async Task LegacyProfileReadsTheTokenFileNamedAfterTheStartUrl()
    {
        _machine.WriteConfig(SsoFiles.LegacyConfig());
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.LegacyStartUrlFile), SsoFiles.LegacyToken(Now + TimeSpan.FromHours(1)));

        var credentials = await Credentials("legacy");

        Assert.Equal("ASIASSO", credentials.AccessKeyId);
        Assert.Equal(SsoStandIn.AccessToken, Assert.Single(_standIn.PortalCalls).Header("x-amz-sso_bearer_token"));
    }

    [Fact]
    public async Task ProfileRepeatingTheSessionValuesIsAccepted()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig() + $"\n[profile both]\nsso_session = admin\nsso_start_url = {SsoFiles.StartUrl}\nsso_region = us-east-1\nsso_account_id = 444455556666\nsso_role_name = Admin\n");
        WriteSessionToken(TimeSpan.FromHours(1));

        await Credentials("both");

        Assert.Equal("?account_id=444455556666&role_name=Admin", Assert.Single(_standIn.PortalCalls).Query);
    }

    [Theory]
    [InlineData("[profile p]\nsso_session = admin\nsso_role_name = R\n[sso-session admin]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
        "profile 'p' is missing sso_account_id")]
    [InlineData("[profile p]\nsso_session = admin\nsso_account_id = 1\n[sso-session admin]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
        "profile 'p' is missing sso_role_name")]
    [InlineData("[profile p]\nsso_start_url = https://x/start\nsso_account_id = 1\nsso_role_name = R\n",
        "profile 'p' is missing sso_region")]
    [InlineData("[profile p]\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
        "profile 'p' is missing sso_start_url")]
    [InlineData("[profile p]\nsso_session = admin\nsso_account_id = 1\nsso_role_name = R\n",
        "profile 'p' has sso_session = admin, but the config file has no [sso-session admin] section")]
    [InlineData("[profile p]\nsso_session = admin\nsso_account_id = 1\nsso_role_name = R\n[sso-session admin]\nsso_region = us-east-1\n",
        "the [sso-session admin] section used by profile 'p' is missing sso_start_url")]
    [InlineData("[profile p]\nsso_session = admin\nsso_account_id = 1\nsso_role_name = R\n[sso-session admin]\nsso_start_url = https://x/start\n",
        "the [sso-session admin] section used by profile 'p' is missing sso_region")]
    [InlineData("[profile p]\nsso_session = admin\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n[sso-session admin]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
        "profile 'p' has sso_region = eu-west-1, but its [sso-session admin] section has sso_region = us-east-1")]
    [InlineData("[profile p]\nsso_account_id = 1\n", "profile 'p' is missing sso_role_name")]
    public async Task IncompleteOrMixedSettingsNameTheProfileAndTheKey(string config, string expected)
    {
        _machine.WriteConfig(config);

        var error = await Failure("p");

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The AWS profile 'p' (given in code;", error.Message, StringComparison.Ordinal);
        Assert.Empty(_standIn.All);
    }

    [Fact]
    public async Task SsoSettingsWinOverOtherCredentialSettingsInTheSameProfile()
    {
        // As in the AWS SDK for .NET: any sso_* key makes the profile an SSO profile.
        _machine.WriteConfig(SsoFiles.SessionConfig() + "\n");
        _machine.WriteCredentials($"[dev]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = {FakeMachine.Secret}\n");
        WriteSessionToken(TimeSpan.FromHours(1));

        Assert.Equal("ASIASSO", (await Credentials()).AccessKeyId);
    }

    [Fact]
    public async Task MissingTokenFileTellsTheUserToSignIn()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());

        var error = await Failure();

        Assert.Contains("there is no SSO token for profile 'dev' (sso-session 'admin') (looked for " + SessionTokenPath + ")", error.Message, StringComparison.Ordinal);
        Assert.Contains("run `aws sso login --profile dev`", error.Message, StringComparison.Ordinal);
        Assert.Empty(_standIn.All);
    }

    [Fact]
    public async Task UnreadableTokenFileIsAnErrorThatQuotesNothingFromIt()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.AdminSessionFile), "{\"accessToken\": \"" + SsoStandIn.AccessToken + "\", oops");

        var error = await Failure();

        Assert.Contains($"the SSO token cache file {SessionTokenPath} is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredLegacyTokenTellsTheUserToSignInAgain()
    {
        _machine.WriteConfig(SsoFiles.LegacyConfig());
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.LegacyStartUrlFile), SsoFiles.LegacyToken(Now - TimeSpan.FromMinutes(1)));

        var error = await Failure("legacy");

        Assert.Contains($"the SSO token for profile 'legacy' (start URL {SsoFiles.StartUrl}) expired at 2024-01-02T03:03:05Z", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("run `aws sso login --profile legacy` to sign in again.", error.Message, StringComparison.Ordinal);
        Assert.Empty(_standIn.All);
    }

    [Fact]
    public async Task NearExpiryLegacyTokenIsUsedAsItCannotBeRefreshed()
    {
        _machine.WriteConfig(SsoFiles.LegacyConfig());
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.LegacyStartUrlFile), SsoFiles.LegacyToken(Now + TimeSpan.FromMinutes(2)));

        Assert.Equal("ASIASSO", (await Credentials("legacy")).AccessKeyId);
        Assert.Empty(_standIn.OidcCalls);
    }

    [Fact]
    public async Task TokenWithMoreThanFiveMinutesLeftIsNotRefreshed()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        var original = File.ReadAllText(WriteSessionToken(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));

        await Credentials();

        Assert.Empty(_standIn.OidcCalls);
        Assert.Equal(original, File.ReadAllText(SessionTokenPath));
    }

    [Theory]
    [InlineData(299)] // within 5 minutes of expiry
    [InlineData(-600)] // already expired, but the refresh token still works
    public async Task DueSessionTokenIsRefreshedAndWrittenBackToTheCache(int secondsLeft)
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(TimeSpan.FromSeconds(secondsLeft));

        var credentials = await Credentials();

        Assert.Equal("ASIASSO", credentials.AccessKeyId);
        var refresh = Assert.Single(_standIn.OidcCalls);
        Assert.Equal(("POST", "/token"), (refresh.Method, refresh.Path));
        Assert.StartsWith("application/json", refresh.Header("Content-Type"), StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(refresh.Body))
        {
            Assert.Equal("refresh_token", body.RootElement.GetProperty("grantType").GetString());
            Assert.Equal("_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID", body.RootElement.GetProperty("clientId").GetString());
            Assert.Equal(SsoStandIn.ClientSecret, body.RootElement.GetProperty("clientSecret").GetString());
            Assert.Equal(SsoStandIn.RefreshToken, body.RootElement.GetProperty("refreshToken").GetString());
        }

        // The portal got the new token, and the cache file now holds it (other members kept as they were).
        Assert.Equal(SsoStandIn.NewAccessToken, Assert.Single(_standIn.PortalCalls).Header("x-amz-sso_bearer_token"));
        using var cached = JsonDocument.Parse(File.ReadAllText(SessionTokenPath));
        var root = cached.RootElement;
        Assert.Equal(SsoStandIn.NewAccessToken, root.GetProperty("accessToken").GetString());
        Assert.Equal("2024-01-02T04:04:05Z", root.GetProperty("expiresAt").GetString());
        Assert.Equal(SsoStandIn.NewRefreshToken, root.GetProperty("refreshToken").GetString());
        Assert.Equal(SsoStandIn.ClientSecret, root.GetProperty("clientSecret").GetString());
        Assert.Equal(SsoFiles.StartUrl, root.GetProperty("startUrl").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        Assert.Equal([SsoFiles.AdminSessionFile], Directory.GetFiles(Path.GetDirectoryName(SessionTokenPath)!).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SessionTokenPath));
        }

        // The next lookup reads the refreshed file and does not refresh again.
        await Credentials();
        Assert.Single(_standIn.OidcCalls);
        Assert.All(_standIn.PortalCalls, call => Assert.Equal(SsoStandIn.NewAccessToken, call.Header("x-amz-sso_bearer_token")));
    }

    [Fact]
    public async Task FailedRefreshFallsBackToTheStillValidTokenAndWaitsBeforeTryingAgain()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        var original = File.ReadAllText(WriteSessionToken(TimeSpan.FromMinutes(3)));
        _standIn.Oidc = _ => new(400, """{"error":"invalid_grant","error_description":"Invalid refresh token provided"}""", ("x-amzn-ErrorType", "InvalidGrantException"));
        var provider = new ProfileCredentialsProvider("dev", _machine.Environment);

        Assert.Equal("ASIASSO", (await provider.GetCredentialsAsync()).AccessKeyId);
        Assert.Single(_standIn.OidcCalls);
        Assert.Equal(SsoStandIn.AccessToken, Assert.Single(_standIn.PortalCalls).Header("x-amz-sso_bearer_token"));
        Assert.Equal(original, File.ReadAllText(SessionTokenPath));

        // Within 30 seconds of the failure no new refresh is tried; after that it is.
        _machine.Clock.Advance(TimeSpan.FromSeconds(20));
        await provider.GetCredentialsAsync();
        Assert.Single(_standIn.OidcCalls);

        _machine.Clock.Advance(TimeSpan.FromSeconds(11));
        await provider.GetCredentialsAsync();
        Assert.Equal(2, _standIn.OidcCalls.Count);
    }

    [Fact]
    public async Task FailedRefreshOfAnExpiredTokenIsAnErrorWithTheReasonAndTheLoginCommand()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(-TimeSpan.FromMinutes(1));
        _standIn.Oidc = _ => new(400, """{"error":"invalid_grant","error_description":"Invalid refresh token provided"}""", ("x-amzn-ErrorType", "InvalidGrantException"));

        var error = await Failure();

        Assert.Contains("the SSO token for profile 'dev' (sso-session 'admin') expired at 2024-01-02T03:03:05Z", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be refreshed: SSO OIDC CreateToken (refresh_token grant) failed: HTTP 400 InvalidGrantException: Invalid refresh token provided", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("run `aws sso login --profile dev` to sign in again.", error.Message, StringComparison.Ordinal);
        Assert.Empty(_standIn.PortalCalls);
    }

    [Fact]
    public async Task ExpiredClientRegistrationMeansNoRefresh()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(-TimeSpan.FromMinutes(1), registrationExpiresAt: Now - TimeSpan.FromDays(1));

        var error = await Failure();

        Assert.Contains("expired at", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be refreshed", error.Message, StringComparison.Ordinal);
        Assert.Empty(_standIn.All);
    }

    [Theory]
    [InlineData(401, "UnauthorizedException", "Session token not found or invalid", "The SSO sign-in is no longer valid; run `aws sso login --profile dev` to sign in again.")]
    [InlineData(403, "ForbiddenException", "No access", "Check that your IAM Identity Center user is assigned role ReadOnly in account 111122223333")]
    [InlineData(429, "TooManyRequestsException", "Rate exceeded", "IAM Identity Center is throttling; try again shortly.")]
    [InlineData(500, "InternalServerException", "Internal failure", "IAM Identity Center had a server error; try again shortly.")]
    public async Task PortalErrorsKeepStatusCodeMessageAndRequestIdAndSayWhatToDo(int status, string code, string message, string advice)
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(TimeSpan.FromHours(1));
        _standIn.Portal = _ => SsoStandIn.Error(status, code, message);

        var error = await Failure();

        Assert.Contains(
            $"SSO GetRoleCredentials for account 111122223333, role ReadOnly failed: HTTP {status} {code}: {message} (request id 5c3c1e3a-0000-4000-8000-00000000abcd)",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalAnswerWithoutCredentialsIsAnError()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(TimeSpan.FromHours(1));
        _standIn.Portal = _ => new(200, $$$"""{"roleCredentials":{"accessKeyId":"ASIA","secretAccessKey":"{{{SsoStandIn.RoleSecret}}}","sessionToken":"t"}}""");

        var error = await Failure();

        Assert.Contains("answered HTTP 200 without roleCredentials.expiration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleChainFromAnSsoSourceProfile()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig() + "\n[profile deploy]\nrole_arn = arn:aws:iam::999988887777:role/Deployer\nsource_profile = dev\nrole_session_name = ci\n");
        WriteSessionToken(TimeSpan.FromHours(1));
        _machine.StsEndpoint = new Uri(_standIn.BaseUrl + "sts/");
        _standIn.Other = request => request.Path == "/sts/"
            ? new(200, Answers.StsCredentials("AssumeRole", "ASIAROLE"))
            : new(404, string.Empty);

        var credentials = await Credentials("deploy");

        Assert.Equal("ASIAROLE", credentials.AccessKeyId);
        Assert.Single(_standIn.PortalCalls);
        var sts = Assert.Single(_standIn.All, r => r.Path == "/sts/");
        Assert.Contains("Credential=ASIASSO/20240102/us-east-1/sts/aws4_request", sts.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(SsoStandIn.RoleSessionToken, sts.Header("X-Amz-Security-Token"));
        Assert.Contains("RoleArn=arn%3Aaws%3Aiam%3A%3A999988887777%3Arole%2FDeployer", sts.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredTokenOfTheSourceProfileNamesTheSsoProfileInTheLoginCommand()
    {
        _machine.WriteConfig(SsoFiles.SessionConfig() + "\n[profile deploy]\nrole_arn = arn:aws:iam::999988887777:role/Deployer\nsource_profile = dev\n");
        _machine.WriteFile(Path.Combine(".aws", "sso", "cache", SsoFiles.AdminSessionFile), SsoFiles.SessionToken(Now - TimeSpan.FromHours(1), Now - TimeSpan.FromHours(1)));

        var error = await Failure("deploy");

        Assert.StartsWith("The AWS profile 'deploy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("run `aws sso login --profile dev`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsEndpointUrlAlsoMovesBothEndpointsAndAPathPrefixIsKept()
    {
        _machine.Variables.Remove("AWS_ENDPOINT_URL_SSO");
        _machine.Variables.Remove("AWS_ENDPOINT_URL_SSO_OIDC");
        _machine.Variables["AWS_ENDPOINT_URL"] = _standIn.BaseUrl + "all-services";
        _machine.WriteConfig(SsoFiles.SessionConfig());
        WriteSessionToken(TimeSpan.FromMinutes(1));

        await Credentials();

        Assert.Equal("/all-services/token", Assert.Single(_standIn.OidcCalls).Path);
        Assert.Equal("/all-services/federation/credentials", Assert.Single(_standIn.PortalCalls).Path);
    }

    [Fact]
    public void EndpointsFollowTheSsoRegionUnlessConfigured()
    {
        var variables = new Dictionary<string, string?>();
        var client = new SsoClient(new AwsEnvironment(name => variables.GetValueOrDefault(name)));

        Assert.Equal(new Uri("https://portal.sso.eu-west-1.amazonaws.com/"), client.PortalEndpoint("eu-west-1"));
        Assert.Equal(new Uri("https://oidc.eu-west-1.amazonaws.com/"), client.OidcEndpoint("eu-west-1"));
        Assert.Equal(new Uri("https://portal.sso.cn-north-1.amazonaws.com.cn/"), client.PortalEndpoint("cn-north-1"));

        variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000";
        variables["AWS_ENDPOINT_URL_SSO_OIDC"] = "http://127.0.0.1:9001/oidc";
        Assert.Equal(new Uri("http://127.0.0.1:9000/"), client.PortalEndpoint("eu-west-1"));
        Assert.Equal(new Uri("http://127.0.0.1:9001/oidc/"), client.OidcEndpoint("eu-west-1"));

        variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Equal(new Uri("https://portal.sso.eu-west-1.amazonaws.com/"), client.PortalEndpoint("eu-west-1"));

        variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = null;
        variables["AWS_ENDPOINT_URL_SSO"] = "not a url";
        var error = Assert.Throws<AwsCredentialsException>(() => client.PortalEndpoint("eu-west-1"));
        Assert.Equal("AWS_ENDPOINT_URL_SSO is 'not a url', which is not an absolute http or https URL.", error.Message);
    }

    [Fact]
    public void SsoSessionSectionsAreParsedApartFromProfiles()
    {
        var file = SharedConfigParser.ParseFile(SsoFiles.SessionConfig(), isConfigFile: true);

        Assert.Equal(["dev"], file.Profiles.Keys);
        Assert.Equal(["admin"], file.SsoSessions.Keys);
        Assert.Equal(SsoFiles.StartUrl, file.SsoSessions["admin"]["sso_start_url"]);
        Assert.Equal("sso:account:access", file.SsoSessions["admin"]["SSO_REGISTRATION_SCOPES"]);

        // The credentials file has no sso-session sections: there the header is just an invalid profile name.
        Assert.Empty(SharedConfigParser.ParseFile("[sso-session admin]\nsso_region = us-east-1\n", isConfigFile: false).SsoSessions);
    }

    [Fact]
    public void DescriptionsShowNoSecrets()
    {
        var token = SsoTokenCache.Read(WriteSessionToken(TimeSpan.FromHours(1)))!;
        var profile = new SsoProfile("dev", "admin", SsoFiles.StartUrl, "us-east-1", "111122223333", "ReadOnly", null);

        Assert.Equal(SsoStandIn.AccessToken, token.AccessToken);
        Assert.Equal(Now + TimeSpan.FromHours(1), token.ExpiresAt);
        AssertNoSecrets(token.ToString());
        Assert.Equal("SSO profile 'dev' (sso-session admin, account 111122223333, role ReadOnly, region us-east-1)", profile.ToString());
    }
}
