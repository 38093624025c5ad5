using System.Linq;
using Neptune.CodeGen.Runtime.Credentials;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>The cross-SDK parsing rules of the shared config and credentials files.</summary>
public sealed class SharedConfigParserTests
{
    [Fact]
    public void ConfigFileUsesProfilePrefixAndDefault()
    {
        var profiles = SharedConfigParser.Parse("""
            [default]
            region = us-east-1
            [profile dev]
            region = eu-west-1
            [plain]
            region = ignored-no-prefix
            [sso-session corp]
            sso_region = us-east-2
            [services local]
            region = ignored
            """, isConfigFile: true);

        Assert.Equal(["default", "dev"], profiles.Keys.Order());
        Assert.Equal("eu-west-1", profiles["dev"]["region"]);
    }

    [Fact]
    public void CredentialsFileUsesBareNames()
    {
        var profiles = SharedConfigParser.Parse("""
            [default]
            aws_access_key_id = AKIDDEFAULT
            [dev]
            aws_access_key_id = AKIDDEV
            [profile prod]
            aws_access_key_id = not-a-valid-name-here
            """, isConfigFile: false);

        Assert.Equal(["default", "dev"], profiles.Keys.Order());
        Assert.Equal("AKIDDEV", profiles["dev"]["aws_access_key_id"]);
    }

    [Fact]
    public void ProfileDefaultBeatsDefaultWithoutMerging()
    {
        var profiles = SharedConfigParser.Parse("""
            [profile default]
            region = from-profile-default
            [default]
            region = from-default
            output = json
            """, isConfigFile: true);

        Assert.Equal("from-profile-default", profiles["default"]["region"]);
        Assert.False(profiles["default"].ContainsKey("output"));
    }

    [Fact]
    public void CommentsWhitespaceContinuationsAndDuplicates()
    {
        var profiles = SharedConfigParser.Parse("""
            # comment
            ; another comment
              [ profile   spaced ]   # trailing comment
            region=us-west-2 # inline comment
            url = https://host/#fragment-is-not-a-comment
            s3 =
              max_concurrent_requests = 10
            note = first
              second line
            not a property line
            [profile spaced]
            region = us-west-1
            """, isConfigFile: true);

        var spaced = profiles["spaced"];
        Assert.Equal("us-west-1", spaced["region"]);
        Assert.Equal("https://host/#fragment-is-not-a-comment", spaced["url"]);
        Assert.Equal("max_concurrent_requests = 10", spaced["s3"]);
        Assert.Equal("first\nsecond line", spaced["note"]);
        Assert.Equal("us-west-1", spaced["REGION"]);
    }

    [Fact]
    public void MalformedSectionsAndPropertiesOutsideSectionsAreSkipped()
    {
        var profiles = SharedConfigParser.Parse("""
            orphan = value
            [profile broken
            region = lost
            [profile bad name!]
            region = lost-too
            [profile ok]
            region = kept
            """, isConfigFile: true);

        Assert.Equal(["ok"], profiles.Keys);
    }

    [Fact]
    public void WindowsLineEndingsAreAccepted()
    {
        var profiles = SharedConfigParser.Parse("[default]\r\nregion = us-east-2\r\n", isConfigFile: true);
        Assert.Equal("us-east-2", profiles["default"]["region"]);
    }
}
