using System;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>Region order: explicit → AWS_REGION → AWS_DEFAULT_REGION → profile region → a clear error; and the options hook.</summary>
public sealed class RegionResolverTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private sealed class Options : AwsClientOptions
    {
    }

    private RegionResolver Resolver => new(_machine.Environment);

    [Fact]
    public void EachPlaceBeatsTheOnesAfterIt()
    {
        _machine.WriteConfig("[default]\nregion = from-default-profile\n[profile dev]\nregion = from-dev-profile\n");
        _machine.Variables["AWS_DEFAULT_REGION"] = "from-aws-default-region";
        _machine.Variables["AWS_REGION"] = "from-aws-region";

        Assert.Equal("explicit", Resolver.Resolve(" explicit "));
        Assert.Equal("from-aws-region", Resolver.Resolve());
        Assert.Equal("from-aws-region", Resolver.Resolve("  "));

        _machine.Variables["AWS_REGION"] = "";
        Assert.Equal("from-aws-default-region", Resolver.Resolve());

        _machine.Variables["AWS_DEFAULT_REGION"] = null;
        Assert.Equal("from-default-profile", Resolver.Resolve());

        _machine.Variables["AWS_PROFILE"] = "dev";
        Assert.Equal("from-dev-profile", Resolver.Resolve());
    }

    [Fact]
    public void RegionInTheCredentialsFileCountsAndConfigFileVariableIsHonoured()
    {
        _machine.WriteCredentials("[default]\nregion = from-credentials-file\n");
        Assert.Equal("from-credentials-file", Resolver.Resolve());

        _machine.Variables["AWS_CONFIG_FILE"] = _machine.WriteFile("custom/config", "[default]\nregion = from-custom-config\n");
        _machine.WriteCredentials(string.Empty);
        Assert.True(Resolver.TryResolve(null, out var region));
        Assert.Equal("from-custom-config", region);
    }

    [Fact]
    public void NoRegionNamesEveryPlaceLookedAt()
    {
        _machine.WriteConfig("[profile other]\nregion = not-this-one\n");

        var error = Assert.Throws<InvalidOperationException>(() => Resolver.Resolve());

        Assert.Contains("the Region client option (not set)", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION and AWS_DEFAULT_REGION (not set)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the 'region' of profile 'default'", error.Message, StringComparison.Ordinal);
        Assert.Contains(System.IO.Path.Combine(_machine.Home, ".aws", "config"), error.Message, StringComparison.Ordinal);
        Assert.Contains(System.IO.Path.Combine(_machine.Home, ".aws", "credentials") + " (not found)", error.Message, StringComparison.Ordinal);
        Assert.False(Resolver.TryResolve(null, out var region));
        Assert.Null(region);
    }

    [Fact]
    public void WithoutAHomeDirectoryTheDefaultFilesAreNotRead()
    {
        var environment = new AwsEnvironment(_ => null);

        var error = Assert.Throws<InvalidOperationException>(() => new RegionResolver(environment).Resolve());

        Assert.Contains("config file (no home directory), credentials file (no home directory)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HomeDirectoryComesFromHomeVariables()
    {
        var home = _machine.Home;
        _machine.WriteConfig("[default]\nregion = via-home\n");

        Assert.Equal("via-home", new RegionResolver(new AwsEnvironment(name => name == "HOME" ? home : null)).Resolve());
        Assert.Equal("via-home", new RegionResolver(new AwsEnvironment(name => name == "USERPROFILE" ? home : null)).Resolve());
    }

    [Fact]
    public void ClientOptionsResolveAndValidateThroughTheResolver()
    {
        var options = new Options { Endpoint = new Uri("https://h:8182"), AwsEnvironment = _machine.Environment };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal("Region", error.ParamName);
        Assert.Contains("No AWS region is set", error.Message, StringComparison.Ordinal);

        _machine.Variables["AWS_REGION"] = "eu-north-1";
        options.Validate();
        Assert.Equal("eu-north-1", options.ResolveRegion());

        options.Region = "us-west-2";
        Assert.Equal("us-west-2", options.ResolveRegion());
    }
}
