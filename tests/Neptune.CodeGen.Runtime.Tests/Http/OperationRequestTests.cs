using System;
using System.Linq;
using System.Net.Http;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Http;

public sealed class OperationRequestTests
{
    private static OperationRequest CancelJob() => new("CancelMLModelTrainingJob", HttpMethod.Delete);

    public static TheoryData<string, string> HostileLabels => new()
    {
        { "a/b", "a%2Fb" },
        { "../x", "..%2Fx" },
        { "..\\x", "..%5Cx" },
        { "?x=1", "%3Fx%3D1" },
        { "#frag", "%23frag" },
        { "%2F", "%252F" },
        { "%", "%25" },
        { " a b ", "%20a%20b%20" },
        { "a+b", "a%2Bb" },
        { "job;v=1&x", "job%3Bv%3D1%26x" },
        { "\u00e9t\u00e9", "%C3%A9t%C3%A9" },
        { "\u2713", "%E2%9C%93" },
        { "\U0001F600", "%F0%9F%98%80" },
        { "...", "..." },
        { ".x", ".x" },
        { "-_.~AZaz09", "-_.~AZaz09" },
        { "\r\n", "%0D%0A" },
    };

    [Theory]
    [MemberData(nameof(HostileLabels))]
    public void LabelIsOneSegmentWithUppercaseHex(string value, string expected)
    {
        var operation = CancelJob();
        operation.AppendPath("/ml/modeltraining/");
        operation.AppendLabel("Id", value);

        Assert.Equal("/ml/modeltraining/" + expected, operation.Path);
        Assert.Equal("/ml/modeltraining/" + expected, operation.BuildPathAndQuery());
        Assert.DoesNotMatch("%[0-9A-F]?[a-f]", expected);

        // The route survives System.Uri: same three segments, and the last one decodes back to the value.
        var uri = new Uri("https://my-cluster:8182" + operation.BuildPathAndQuery());
        Assert.Equal(["/", "ml/", "modeltraining/", expected], uri.Segments);
        Assert.Equal("", uri.Query);
        Assert.Equal("", uri.Fragment);
        Assert.Equal(value, Uri.UnescapeDataString(uri.Segments[^1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void EmptyAndDotLabelsAreRejected(string value)
    {
        var operation = CancelJob();
        operation.AppendPath("/ml/modeltraining/");
        var error = Assert.Throws<ArgumentException>(() => operation.AppendLabel("Id", value));
        Assert.Equal("Id", error.ParamName);
        Assert.Equal("/ml/modeltraining/", operation.Path);
    }

    [Fact]
    public void NullLabelIsArgumentNullException()
    {
        var operation = CancelJob();
        var error = Assert.Throws<ArgumentNullException>(() => operation.AppendLabel("Id", null));
        Assert.Equal("Id", error.ParamName);
        Assert.Equal("", operation.Path);
        Assert.Throws<ArgumentNullException>(() => OperationRequest.ThrowIfMissing(null, "Id"));
        OperationRequest.ThrowIfMissing("x", "Id");
    }

    [Fact]
    public void QueryIsPercentEncodedWithTwentyNotPlusAndKeepsOrderAndRepeats()
    {
        var operation = CancelJob();
        operation.AppendPath("/ml/modeltraining/");
        operation.AppendLabel("Id", "job 1");
        operation.AddQuery("clean", WireFormat.Boolean(true));
        operation.AddQuery("neptuneIamRoleArn", "arn:aws:iam::123:role/X");
        operation.AddQuery("skipped", (string?)null);
        operation.AddQuery("q", "a b+c&d=e#f?\u00e9");
        operation.AddQuery("k y", "");
        operation.AddQuery("tag", ["b", "a b"]);
        operation.AddQuery("none", (string[]?)null);

        Assert.Equal(
            "/ml/modeltraining/job%201?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX&q=a%20b%2Bc%26d%3De%23f%3F%C3%A9&k%20y=&tag=b&tag=a%20b",
            operation.BuildPathAndQuery());
        Assert.Equal(6, operation.Query.Count);
        Assert.DoesNotContain('+', operation.BuildPathAndQuery());

        // And the signer's canonical form of that query: decoded, re-encoded, sorted by name then value.
        var uri = new Uri("https://h" + operation.BuildPathAndQuery());
        Assert.Equal(
            "clean=true&k%20y=&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX&q=a%20b%2Bc%26d%3De%23f%3F%C3%A9&tag=a%20b&tag=b",
            SigV4Signer.CanonicalQuery(uri.Query));
    }

    [Fact]
    public void CharactersOutsideTheBasicPlaneAreEncodedAsTheirFourUtf8Bytes()
    {
        var operation = CancelJob();
        operation.AppendPath("/ml/modeltraining/");
        operation.AppendLabel("Id", "job\U0001F600-1");
        operation.AddQuery("q", "\U0001F600x\u00e9\u2713~");
        operation.AddQuery("\U0001F600", "plain");

        Assert.Equal("/ml/modeltraining/job%F0%9F%98%80-1?q=%F0%9F%98%80x%C3%A9%E2%9C%93~&%F0%9F%98%80=plain", operation.BuildPathAndQuery());
        Assert.Equal("/ml/modeltraining/job%F0%9F%98%80-1", operation.Path);
    }

    [Fact]
    public void EmptyPathIsRoot()
    {
        var operation = new OperationRequest("Status", HttpMethod.Get);
        operation.AddQuery("a", "1");
        Assert.Equal("/?a=1", operation.BuildPathAndQuery());
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\0b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u001Fb")]
    [InlineData("a\u007Fb")]
    [InlineData("\u0085")]
    [InlineData("caf\u00e9")]
    [InlineData("\U0001F600")]
    public void HeaderValuesThatCannotBeSentSafelyAreRejectedNamingTheMember(string value)
    {
        var operation = CancelJob();
        var error = Assert.Throws<ArgumentException>(() => operation.AddHeader("x-amz-tag", value, "Tag"));
        Assert.Equal("Tag", error.ParamName);
        Assert.Contains("x-amz-tag", error.Message, StringComparison.Ordinal);
        Assert.Empty(operation.Headers);

        // Without a member name the header name is the parameter.
        Assert.Equal("accept", Assert.Throws<ArgumentException>(() => operation.AddHeader("accept", value)).ParamName);
    }

    [Fact]
    public void HeaderValuesWithLoneSurrogatesAreRejectedNamingTheMember()
    {
        foreach (var value in new[] { "a\uD800", "\uDC00a" })
        {
            var error = Assert.Throws<ArgumentException>(() => CancelJob().AddHeader("x-amz-tag", value, "Tag"));
            Assert.Equal("Tag", error.ParamName);
            Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HeaderValuesMayHoldTabsAndPrintableAscii()
    {
        var operation = CancelJob();
        var printable = new string(Enumerable.Range(0x20, 0x5F).Select(i => (char)i).ToArray());
        operation.AddHeader("x-a", "a\tb");
        operation.AddHeader("x-b", printable);
        Assert.Equal(["a\tb", printable], operation.Headers.Select(h => h.Value));
    }

    // A [Fact] with a loop, not [InlineData]: attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD.
    [Fact]
    public void LoneSurrogatesAreRejectedInLabelsAndQueriesNamingTheMember()
    {
        foreach (var value in new[] { "\uD83D", "a\uDE00b", "\uDE00\uD83D", "ok\U0001F600\uD83D" })
        {
            LoneSurrogateIsRejected(value);
        }
    }

    private static void LoneSurrogateIsRejected(string value)
    {
        var operation = CancelJob();
        operation.AppendPath("/ml/modeltraining/");
        var label = Assert.Throws<ArgumentException>(() => operation.AppendLabel("Id", value));
        Assert.Equal("Id", label.ParamName);
        Assert.Contains("surrogate", label.Message, StringComparison.Ordinal);
        Assert.Equal("/ml/modeltraining/", operation.Path);

        Assert.Equal("NeptuneIamRoleArn", Assert.Throws<ArgumentException>(() => operation.AddQuery("neptuneIamRoleArn", value, "NeptuneIamRoleArn")).ParamName);
        Assert.Equal("neptuneIamRoleArn", Assert.Throws<ArgumentException>(() => operation.AddQuery("neptuneIamRoleArn", value)).ParamName);
        Assert.Equal("Tags", Assert.Throws<ArgumentException>(() => operation.AddQuery("tag", ["fine", value], "Tags")).ParamName);
        Assert.Empty(operation.Query);
        Assert.Throws<ArgumentException>(() => PercentEncoding.Encode(value));
    }

    [Fact]
    public void TwoDifferentIdsWithLoneSurrogatesNoLongerShareAPath()
    {
        // Before: both were sent as /ml/modeltraining/%EF%BF%BD, so one job's cancel could hit the other.
        foreach (var id in new[] { "\uD800", "\uDBFF" })
        {
            var operation = CancelJob();
            operation.AppendPath("/ml/modeltraining/");
            Assert.Throws<ArgumentException>(() => operation.AppendLabel("Id", id));
        }

        // A well-formed pair is still one character, encoded as its four UTF-8 bytes.
        Assert.Equal("%F0%9F%98%80", PercentEncoding.Encode("\uD83D\uDE00"));
        Assert.Equal(-1, PercentEncoding.IndexOfLoneSurrogate("\uD83D\uDE00x"));
        Assert.Equal(2, PercentEncoding.IndexOfLoneSurrogate("ab\uDE00\uD83D"));
    }

    [Fact]
    public void HeadersKeepValuesAndSkipNull()
    {
        var operation = CancelJob();
        operation.AddHeader("accept", "application/vnd.gremlin-v3.0+json");
        operation.AddHeader("Accept-Encoding", null);
        var header = Assert.Single(operation.Headers);
        Assert.Equal(new("accept", "application/vnd.gremlin-v3.0+json"), header);
    }

    [Fact]
    public void ArgumentsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new OperationRequest("", HttpMethod.Get));
        Assert.Throws<ArgumentNullException>(() => new OperationRequest("X", null!));
        var operation = CancelJob();
        Assert.Throws<ArgumentException>(() => operation.AddQuery("", "v"));
        Assert.Throws<ArgumentException>(() => operation.AddHeader("", "v"));
        Assert.Throws<ArgumentNullException>(() => operation.SetBody(null!, "application/json"));
        Assert.Throws<ArgumentException>(() => operation.SetBody([], ""));
    }

    [Fact]
    public void PercentEncodingLeavesOnlyUnreserved()
    {
        var all = new string(Enumerable.Range(0x20, 0x5F).Select(i => (char)i).ToArray());
        var encoded = PercentEncoding.Encode(all);
        var unescapedChars = encoded.Where((c, i) => c != '%' && (i < 1 || encoded[i - 1] != '%') && (i < 2 || encoded[i - 2] != '%')).ToArray();
        Assert.All(unescapedChars, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~', $"'{c}' left unencoded"));
        Assert.Equal(all, Uri.UnescapeDataString(encoded));
        Assert.Same("plain-Value_1.~", PercentEncoding.Encode("plain-Value_1.~"));
    }
}
