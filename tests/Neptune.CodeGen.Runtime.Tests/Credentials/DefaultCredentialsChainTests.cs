using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>The default chain: order, remembering the winner, stopping on broken configuration, the aggregated error.</summary>
public sealed class DefaultCredentialsChainTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    /// <summary>Answers STS, the container endpoint and IMDS, each with a recognisable access key id.</summary>
    private ScriptedHandler Everything() => new(request => request.Uri.Host switch
    {
        "127.0.0.1" => ScriptedHandler.Text(HttpStatusCode.OK, Answers.StsCredentials(request.Form()["Action"], "ASIAWEBIDENTITY")),
        "169.254.170.2" => ScriptedHandler.Text(HttpStatusCode.OK, Answers.CredentialsJson("ASIACONTAINER")),
        _ => request.Uri.AbsolutePath switch
        {
            "/latest/api/token" => ScriptedHandler.Text(HttpStatusCode.OK, "t"),
            "/latest/meta-data/iam/security-credentials/" => ScriptedHandler.Text(HttpStatusCode.OK, "role"),
            _ => ScriptedHandler.Text(HttpStatusCode.OK, Answers.CredentialsJson("ASIAIMDS")),
        },
    });

    private void SetEnvironmentKeys() => (_machine.Variables["AWS_ACCESS_KEY_ID"], _machine.Variables["AWS_SECRET_ACCESS_KEY"]) = ("AKIDENV", FakeMachine.Secret);

    private void SetWebIdentity()
    {
        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _machine.WriteFile("token", "jwt");
        _machine.Variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Web";
    }

    private void SetProfile() => _machine.WriteCredentials($"[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = {FakeMachine.Secret}\n");

    private void SetContainer() => _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x";

    private async Task<string> Winner()
    {
        _machine.Handler = Everything();
        return (await new DefaultCredentialsChain(_machine.Environment).GetCredentialsAsync()).AccessKeyId;
    }

    [Fact]
    public void DefaultOrderIsEnvironmentWebIdentityProfileContainerImds()
    {
        var providers = DefaultCredentialsChain.CreateDefaultProviders(_machine.Environment);

        Assert.Equal(["environment", "web identity", "profile", "container", "EC2 instance metadata"], providers.Select(p => ((ICredentialsSource)p).SourceName));
        Assert.IsType<WebIdentityCredentialsProvider>(providers[1]);
        Assert.IsType<ProfileCredentialsProvider>(providers[2]);
        Assert.IsType<ContainerCredentialsProvider>(providers[3]);
        Assert.IsType<InstanceMetadataCredentialsProvider>(providers[4]);
    }

    [Fact]
    public async Task EachSourceBeatsTheOnesAfterIt()
    {
        SetEnvironmentKeys();
        SetWebIdentity();
        SetProfile();
        SetContainer();
        Assert.Equal("AKIDENV", await Winner());

        _machine.Variables["AWS_ACCESS_KEY_ID"] = null;
        Assert.Equal("ASIAWEBIDENTITY", await Winner());

        _machine.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = null;
        Assert.Equal("AKIDPROFILE", await Winner());

        _machine.WriteCredentials(string.Empty);
        Assert.Equal("ASIACONTAINER", await Winner());

        _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null;
        Assert.Equal("ASIAIMDS", await Winner());
    }

    [Fact]
    public async Task EnvironmentBeatsAnExplicitlySelectedProfile()
    {
        SetEnvironmentKeys();
        _machine.WriteCredentials("[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = s\n");
        _machine.Variables["AWS_PROFILE"] = "prod";

        Assert.Equal("AKIDENV", await Winner());
    }

    [Fact]
    public async Task BrokenExplicitProfileStopsTheSearchBeforeContainerAndImds()
    {
        _machine.Variables["AWS_PROFILE"] = "typo";
        SetProfile();
        SetContainer();
        var handler = Everything();
        _machine.Handler = handler;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await new DefaultCredentialsChain(_machine.Environment).GetCredentialsAsync());

        Assert.StartsWith("AWS credentials from profile could not be loaded, so the search stopped there:", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile 'typo' (selected by AWS_PROFILE) was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("  - environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("  - web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.All);
    }

    [Fact]
    public async Task FailingCredentialProcessStopsTheSearch()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _machine.WriteConfig("[default]\ncredential_process = exit 7\n");
        var handler = Everything();
        _machine.Handler = handler;

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await new DefaultCredentialsChain(_machine.Environment).GetCredentialsAsync());

        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.All);
    }

    [Fact]
    public async Task NothingFoundListsEverySourceOnItsOwnLineWithoutSecrets()
    {
        _machine.Variables["AWS_ACCESS_KEY_ID"] = "AKIDHALF";
        _machine.Variables["AWS_SESSION_TOKEN"] = FakeMachine.SessionToken;
        _machine.WriteConfig($"[default]\nregion = us-east-1\naws_session_token = {FakeMachine.SessionToken}\n");
        _machine.Handler = ScriptedHandler.Unreachable();

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await new DefaultCredentialsChain(_machine.Environment).GetCredentialsAsync());

        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal("No AWS credentials were found. Sources tried, in order:", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Equal("  - environment: AWS_SECRET_ACCESS_KEY is not set", lines[1]);
        Assert.Equal("  - web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set", lines[2]);
        Assert.StartsWith("  - profile: profile 'default' has no credential settings (config file " + _machine.Home, lines[3], StringComparison.Ordinal);
        Assert.Equal("  - container: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set", lines[4]);
        Assert.StartsWith("  - EC2 instance metadata: no instance metadata service answered at http://169.254.169.254/", lines[5], StringComparison.Ordinal);
        Assert.DoesNotContain(FakeMachine.SessionToken, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WinnerIsRememberedAndTheSearchRestartsWhenItGoesAway()
    {
        SetContainer();
        var handler = Everything();
        _machine.Handler = handler;
        var chain = new DefaultCredentialsChain(_machine.Environment);

        Assert.Equal("ASIACONTAINER", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("ASIACONTAINER", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Single(handler.All);

        // After the refresh point, the chain asks the remembered container provider directly,
        // even though a profile appeared meanwhile.
        SetProfile();
        _machine.Clock.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal("ASIACONTAINER", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, handler.All.Count);

        // When the remembered source is no longer configured, the search starts over.
        _machine.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null;
        _machine.Clock.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal("AKIDPROFILE", (await chain.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task StaticCredentialsAreReadOnEveryCall()
    {
        SetEnvironmentKeys();
        var chain = new DefaultCredentialsChain(_machine.Environment);
        Assert.Equal("AKIDENV", (await chain.GetCredentialsAsync()).AccessKeyId);

        _machine.Variables["AWS_ACCESS_KEY_ID"] = "AKIDROTATED";
        Assert.Equal("AKIDROTATED", (await chain.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task CustomChainTreatsOtherProvidersExceptionsAsNotFound()
    {
        var failing = new ThrowingProvider();
        var chain = new DefaultCredentialsChain([failing, new AwsCredentials("AKIDSECOND", "s")]);

        Assert.Equal("AKIDSECOND", (await chain.GetCredentialsAsync()).AccessKeyId);

        var none = new DefaultCredentialsChain([failing]);
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await none.GetCredentialsAsync());
        Assert.Contains("  - ThrowingProvider: custom store is empty", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DefaultCredentialsChain([]));
    }

    [Fact]
    public async Task ConcurrentFirstCallsResolveOnce()
    {
        SetContainer();
        var handler = Everything();
        _machine.Handler = handler;
        var chain = new DefaultCredentialsChain(_machine.Environment);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await chain.GetCredentialsAsync())));

        Assert.All(results, r => Assert.Equal("ASIACONTAINER", r.AccessKeyId));
        Assert.Single(handler.All);
    }

    private sealed class ThrowingProvider : IAwsCredentialsProvider
    {
        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
            throw new AwsCredentialsException("custom store is empty");
    }
}
