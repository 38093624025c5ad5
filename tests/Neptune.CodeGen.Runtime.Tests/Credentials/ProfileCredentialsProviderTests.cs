using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>Profiles from the shared files: static keys, selection, file locations, assume-role chains and their errors.</summary>
public sealed class ProfileCredentialsProviderTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private ValueTask<CredentialsLookup> Lookup(string? profile = null) =>
        ((ICredentialsSource)new ProfileCredentialsProvider(profile, _machine.Environment)).LookupAsync(default);

    [Fact]
    public async Task DefaultProfileStaticKeysFromTheCredentialsFile()
    {
        _machine.WriteCredentials($"""
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = {FakeMachine.Secret}
            aws_session_token = {FakeMachine.SessionToken}
            """);

        var credentials = (await Lookup()).Credentials!;

        Assert.Equal(("AKIDDEFAULT", FakeMachine.Secret, FakeMachine.SessionToken), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        Assert.Null(credentials.Expiration);
    }

    [Fact]
    public async Task CredentialsFileWinsOverConfigKeyByKey()
    {
        _machine.WriteConfig($"""
            [profile dev]
            aws_access_key_id = AKIDFROMCONFIG
            aws_secret_access_key = config-secret
            region = eu-west-1
            """);
        _machine.WriteCredentials("""
            [dev]
            aws_access_key_id = AKIDFROMCREDENTIALS
            """);
        _machine.Variables["AWS_PROFILE"] = "dev";

        var credentials = (await Lookup()).Credentials!;

        Assert.Equal("AKIDFROMCREDENTIALS", credentials.AccessKeyId);
        Assert.Equal("config-secret", credentials.SecretAccessKey);
    }

    [Fact]
    public async Task FileLocationsComeFromTheVariablesWithTildeExpansion()
    {
        _machine.WriteFile("elsewhere/conf", "[profile other]\naws_access_key_id = AKIDCONF\naws_secret_access_key = s1\n");
        _machine.WriteFile("elsewhere/creds", "[other]\naws_session_token = t1\n");
        _machine.WriteCredentials("[other]\naws_access_key_id = AKIDIGNORED\naws_secret_access_key = s2\n");
        _machine.Variables["AWS_CONFIG_FILE"] = "~/elsewhere/conf";
        _machine.Variables["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_machine.Home, "elsewhere", "creds");

        var credentials = (await Lookup("other")).Credentials!;

        Assert.Equal(("AKIDCONF", "s1", "t1"), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
    }

    [Fact]
    public async Task ProfileGivenInCodeBeatsAwsProfile()
    {
        _machine.WriteCredentials("[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s\n[b]\naws_access_key_id = AKIDB\naws_secret_access_key = s\n");
        _machine.Variables["AWS_PROFILE"] = "a";

        Assert.Equal("AKIDB", (await Lookup("b")).Credentials!.AccessKeyId);
        Assert.Equal("AKIDA", (await Lookup()).Credentials!.AccessKeyId);
    }

    [Fact]
    public async Task MissingDefaultProfileIsOnlyNotFound()
    {
        var lookup = await Lookup();

        Assert.Null(lookup.Credentials);
        Assert.Contains("profile 'default'", lookup.NotFoundReason, StringComparison.Ordinal);
        Assert.Contains("(not found)", lookup.NotFoundReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSelectedProfileIsAnError()
    {
        _machine.WriteCredentials("[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n");
        _machine.Variables["AWS_PROFILE"] = "prod";

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("profile 'prod' (selected by AWS_PROFILE) was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(_machine.Home, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileWithoutCredentialSettingsIsNotFound()
    {
        _machine.WriteConfig("[profile regional]\nregion = us-west-2\n");
        _machine.Variables["AWS_PROFILE"] = "regional";

        var lookup = await Lookup();

        Assert.Null(lookup.Credentials);
        Assert.Contains("has no credential settings", lookup.NotFoundReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfAKeyPairIsAnErrorThatNamesTheKeyNotTheValue()
    {
        _machine.WriteCredentials($"[default]\naws_secret_access_key = {FakeMachine.Secret}\n");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup());

        Assert.Contains("aws_access_key_id is missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicProviderThrowsWhenNothingIsFound()
    {
        var provider = new ProfileCredentialsProvider(null, _machine.Environment);

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());

        Assert.StartsWith("No AWS credentials from profile:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedFilesAreReadAgain()
    {
        _machine.WriteCredentials("[default]\naws_access_key_id = AKIDONE\naws_secret_access_key = s\n");
        var provider = new ProfileCredentialsProvider(null, _machine.Environment);
        Assert.Equal("AKIDONE", (await provider.GetCredentialsAsync()).AccessKeyId);

        var path = _machine.WriteCredentials("[default]\naws_access_key_id = AKIDTWO2\naws_secret_access_key = s\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal("AKIDTWO2", (await provider.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task RoleArnWithSourceProfileCallsSignedAssumeRole()
    {
        _machine.WriteConfig("""
            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/Admin
            source_profile = base
            role_session_name = my-session
            external_id = ext-1
            duration_seconds = 900
            region = eu-west-1
            """);
        _machine.WriteCredentials($"""
            [base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = {FakeMachine.Secret}
            aws_session_token = base-token
            """);
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRole"), "text/xml"));
        _machine.Handler = sts;

        var credentials = (await Lookup("admin")).Credentials!;

        Assert.Equal(("ASIASTS", FakeMachine.SessionToken, Answers.Expiry), (credentials.AccessKeyId, credentials.SessionToken, credentials.Expiration));
        var request = Assert.Single(sts.All);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:4566/sts/", request.Uri.ToString());
        var form = request.Form();
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal("2011-06-15", form["Version"]);
        Assert.Equal("arn:aws:iam::123456789012:role/Admin", form["RoleArn"]);
        Assert.Equal("my-session", form["RoleSessionName"]);
        Assert.Equal("ext-1", form["ExternalId"]);
        Assert.Equal("900", form["DurationSeconds"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDBASE/20240102/eu-west-1/sts/aws4_request, SignedHeaders=", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("base-token", request.Header("X-Amz-Security-Token"));
        Assert.Equal("20240102T030405Z", request.Header("X-Amz-Date"));
    }

    [Fact]
    public async Task SourceProfileStaticKeysWinOverItsOwnRoleAndChainsResolveInOrder()
    {
        _machine.WriteConfig("""
            [profile top]
            role_arn = arn:aws:iam::1:role/Top
            source_profile = middle
            [profile middle]
            role_arn = arn:aws:iam::1:role/Middle
            source_profile = bottom
            [profile bottom]
            role_arn = arn:aws:iam::1:role/NotUsed
            aws_access_key_id = AKIDBOTTOM
            aws_secret_access_key = s
            """);
        var sts = new ScriptedHandler(request =>
        {
            var role = request.Form()["RoleArn"];
            var key = role.EndsWith("Middle", StringComparison.Ordinal) ? "ASIAMIDDLE" : "ASIATOP";
            return ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRole", key));
        });
        _machine.Handler = sts;

        var credentials = (await Lookup("top")).Credentials!;

        Assert.Equal("ASIATOP", credentials.AccessKeyId);
        var requests = sts.All;
        Assert.Equal(["arn:aws:iam::1:role/Middle", "arn:aws:iam::1:role/Top"], requests.Select(r => r.Form()["RoleArn"]));
        Assert.Contains("Credential=AKIDBOTTOM/", requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("Credential=ASIAMIDDLE/", requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/us-east-1/sts/", requests[0].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileMayNameItselfAsSourceToUseItsOwnKeys()
    {
        _machine.WriteConfig("""
            [profile self]
            role_arn = arn:aws:iam::1:role/Self
            source_profile = self
            aws_access_key_id = AKIDSELF
            aws_secret_access_key = s
            """);
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRole")));
        _machine.Handler = sts;

        Assert.Equal("ASIASTS", (await Lookup("self")).Credentials!.AccessKeyId);
        Assert.Contains("Credential=AKIDSELF/", Assert.Single(sts.All).Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceProfileCycleIsDetected()
    {
        _machine.WriteConfig("""
            [profile a]
            role_arn = arn:aws:iam::1:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/B
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::1:role/C
            source_profile = a
            """);
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRole")));
        _machine.Handler = sts;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup("a"));

        Assert.Contains("source_profile cycle: a -> b -> c -> a", error.Message, StringComparison.Ordinal);
        Assert.Empty(sts.All);
    }

    [Theory]
    [InlineData("source_profile = missing", "the source_profile 'missing' of profile 'r' does not exist")]
    [InlineData("", "needs exactly one of source_profile, credential_source or web_identity_token_file (it has 0)")]
    [InlineData("source_profile = r2\ncredential_source = Environment", "(it has 2)")]
    [InlineData("credential_source = Somewhere", "expected Environment, Ec2InstanceMetadata or EcsContainer")]
    [InlineData("source_profile = r\n", "names itself as source_profile but has no aws_access_key_id")]
    [InlineData("source_profile = empty", "the source_profile 'empty' of profile 'r' has no credential settings")]
    [InlineData("source_profile = base\nduration_seconds = soon", "duration_seconds 'soon'")]
    public async Task BrokenRoleProfilesSayWhatIsWrong(string extraLines, string expected)
    {
        _machine.WriteConfig($"[profile r]\nrole_arn = arn:aws:iam::1:role/R\n{extraLines}\n[profile empty]\nregion = x\n[profile base]\naws_access_key_id = A\naws_secret_access_key = s\n");

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup("r"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The AWS profile 'r' (given in code;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsErrorIsReportedWithCodeAndMessage()
    {
        _machine.WriteConfig("[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n[profile base]\naws_access_key_id = A\naws_secret_access_key = s\n");
        _machine.Handler = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.Forbidden, Answers.StsError("AccessDenied", "User is not authorized to perform: sts:AssumeRole")));

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await Lookup("r"));

        Assert.Contains("STS AssumeRole for role arn:aws:iam::1:role/R failed: HTTP 403 AccessDenied: User is not authorized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialSourceEnvironmentSignsWithEnvironmentKeys()
    {
        _machine.WriteConfig("[profile r]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Environment\n");
        _machine.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        _machine.Variables["AWS_SECRET_ACCESS_KEY"] = "s";
        _machine.Variables["AWS_REGION"] = "ap-south-1";
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRole")));
        _machine.Handler = sts;

        Assert.Equal("ASIASTS", (await Lookup("r")).Credentials!.AccessKeyId);
        Assert.Contains("Credential=AKIDENV/20240102/ap-south-1/sts/", Assert.Single(sts.All).Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebIdentityTokenFileInAProfile()
    {
        var tokenFile = _machine.WriteFile("token", "eyJ.profile.token\n");
        _machine.WriteConfig($"[profile web]\nrole_arn = arn:aws:iam::1:role/Web\nweb_identity_token_file = {tokenFile}\nrole_session_name = s1\n");
        var sts = new ScriptedHandler(_ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials("AssumeRoleWithWebIdentity")));
        _machine.Handler = sts;

        Assert.Equal("ASIASTS", (await Lookup("web")).Credentials!.AccessKeyId);
        var request = Assert.Single(sts.All);
        Assert.Equal("eyJ.profile.token", request.Form()["WebIdentityToken"]);
        Assert.Equal("s1", request.Form()["RoleSessionName"]);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task StaticKeysWinOverCredentialProcess()
    {
        _machine.WriteCredentials("[default]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\ncredential_process = /bin/false\n");

        Assert.Equal("AKIDSTATIC", (await Lookup()).Credentials!.AccessKeyId);
    }
}
