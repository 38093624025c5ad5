using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

public sealed class CredentialsTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

    [Fact]
    public void ToStringHidesSecretAndToken()
    {
        var withToken = new AwsCredentials("AKIDEXAMPLE", Secret, Token, DateTimeOffset.UnixEpoch);
        var text = withToken.ToString();

        Assert.Contains("AKIDEXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalr", text, StringComparison.Ordinal);
        Assert.Contains("SessionToken = ***", text, StringComparison.Ordinal);
        Assert.Contains("SessionToken = none", new AwsCredentials("AKIDEXAMPLE", Secret).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTokenMeansNone()
    {
        Assert.Null(new AwsCredentials("a", "b", "").SessionToken);
        Assert.Null(new AwsCredentials("a", "b", "  ").SessionToken);
        Assert.Null(new AwsCredentials("a", "b").SessionToken);
    }

    [Theory]
    [InlineData(null, "s")]
    [InlineData("", "s")]
    [InlineData(" ", "s")]
    [InlineData("a", null)]
    [InlineData("a", "")]
    public void KeysAreRequired(string? accessKeyId, string? secret)
    {
        Assert.ThrowsAny<ArgumentException>(() => new AwsCredentials(accessKeyId!, secret!));
    }

    [Fact]
    public void ArgumentErrorsDoNotEchoTheSecret()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AwsCredentials(" ", Secret, Token));
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsAreTheirOwnProvider()
    {
        var credentials = new AwsCredentials("a", "b");
        Assert.Same(credentials, await credentials.GetCredentialsAsync());
    }

    [Fact]
    public async Task EnvironmentProviderReadsTheThreeVariables()
    {
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDENV",
            ["AWS_SECRET_ACCESS_KEY"] = Secret,
            ["AWS_SESSION_TOKEN"] = Token,
        };
        var provider = new EnvironmentCredentialsProvider(name => variables.GetValueOrDefault(name));

        var credentials = await provider.GetCredentialsAsync();
        Assert.Equal(("AKIDENV", Secret, Token), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        variables["AWS_SESSION_TOKEN"] = null;
        Assert.Null((await provider.GetCredentialsAsync()).SessionToken);
    }

    [Theory]
    [InlineData(null, Secret, "AWS_ACCESS_KEY_ID")]
    [InlineData("  ", Secret, "AWS_ACCESS_KEY_ID")]
    [InlineData("AKIDENV", null, "AWS_SECRET_ACCESS_KEY")]
    [InlineData("AKIDENV", "", "AWS_SECRET_ACCESS_KEY")]
    public async Task EnvironmentProviderNamesTheMissingVariableAndNeverTheSecret(string? keyId, string? secret, string missing)
    {
        var variables = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = keyId, ["AWS_SECRET_ACCESS_KEY"] = secret, ["AWS_SESSION_TOKEN"] = Token };
        var provider = new EnvironmentCredentialsProvider(name => variables.GetValueOrDefault(name));

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());

        Assert.Contains($"the environment variable {missing} is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentProviderNeedsASource()
    {
        Assert.Throws<ArgumentNullException>(() => new EnvironmentCredentialsProvider(null!));
    }
}
