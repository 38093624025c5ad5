using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.SigV4;

public sealed class SignerBehaviourTests
{
    private static readonly DateTimeOffset Time = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "secret-key-0123456789", "token-1");
    private static readonly SigV4Signer Signer = new("neptune-db", "us-east-1");
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static string[] SignedHeaders(HttpRequestMessage request)
    {
        var authorization = SigV4TestSuiteTests.Single(request, "Authorization");
        var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
        return authorization[start..authorization.IndexOf(',', start)].Split(';');
    }

    private static string Canonical(HttpRequestMessage request) =>
        SigV4Signer.BuildCanonicalRequest(request, SigV4TestSuiteTests.Single(request, SigV4Signer.ContentSha256Header), out _);

    [Fact]
    public void NonDefaultPortIsSignedAndSetAsHost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182/status");
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal("my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", request.Headers.Host);
        Assert.Contains("\nhost:my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182\n", Canonical(request), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPortIsLeftOut()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://my-cluster.example.com:443/status");
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal("my-cluster.example.com", request.Headers.Host);
    }

    [Theory]
    [InlineData("https://[::1]:8182/status", "[::1]:8182")]
    [InlineData("http://[::1]/status", "[::1]")]
    [InlineData("https://[fe80::1%25eth0]:8182/status", "[fe80::1]:8182")]
    [InlineData("https://m\u00fcnchen.example:8182/status", "xn--mnchen-3ya.example:8182")]
    public void IpV6AndInternationalHostsAreValidHostHeaders(string url, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal(host, request.Headers.Host);
        Assert.Contains("\nhost:" + host + "\n", Canonical(request), StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitHostIsHonoured()
    {
        // Through a load balancer: connect to the balancer, sign and send the cluster's name.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://nlb-123.elb.us-east-1.amazonaws.com:8182/status");
        request.Headers.Host = "my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182";
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal("my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", request.Headers.Host);
        Assert.Contains("\nhost:my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182\n", Canonical(request), StringComparison.Ordinal);
        Assert.DoesNotContain("nlb-123", Canonical(request), StringComparison.Ordinal);
    }

    [Fact]
    public void ResigningReplacesEverySigningHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com:8182/ml/modeltraining") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        Signer.Sign(request, Credentials, Time, "{}"u8);
        var first = SigV4TestSuiteTests.Single(request, "Authorization");

        var later = Time.AddMinutes(7);
        var rotated = new AwsCredentials("AKIDOTHER", "other-secret", "token-2");
        Signer.Sign(request, rotated, later, "{}"u8);

        foreach (var name in new[] { "Authorization", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token", "Host" })
        {
            Assert.True(request.Headers.NonValidated.TryGetValues(name, out var values), name);
            Assert.Single(values);
        }

        Assert.Equal("20240506T071509Z", SigV4TestSuiteTests.Single(request, "X-Amz-Date"));
        Assert.Equal("token-2", SigV4TestSuiteTests.Single(request, "X-Amz-Security-Token"));
        Assert.NotEqual(first, SigV4TestSuiteTests.Single(request, "Authorization"));

        // Identical to signing a fresh copy once.
        using var fresh = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com:8182/ml/modeltraining") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        Signer.Sign(fresh, rotated, later, "{}"u8);
        Assert.Equal(SigV4TestSuiteTests.Single(fresh, "Authorization"), SigV4TestSuiteTests.Single(request, "Authorization"));

        // Temporary -> long-term credentials: the stale token must go.
        Signer.Sign(request, new AwsCredentials("AKIDOTHER", "other-secret"), later, "{}"u8);
        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
        Assert.DoesNotContain("x-amz-security-token", SignedHeaders(request));
    }

    [Fact]
    public void HopByHopAndVolatileHeadersAreNotSigned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/status");
        request.Headers.UserAgent.ParseAdd("Neptune.CodeGen/0.1 (extra; parts) other/2");
        request.Headers.ConnectionClose = true;
        request.Headers.Connection.Add("keep-alive");
        request.Headers.ExpectContinue = true;
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");
        request.Headers.TryAddWithoutValidation("amz-sdk-invocation-id", "b5f2c1a3");
        request.Headers.TryAddWithoutValidation("amz-sdk-request", "attempt=1; max=3");
        request.Headers.TryAddWithoutValidation("Via", "1.1 proxy");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.0.0.1");
        request.Headers.TryAddWithoutValidation("x-amz-api-version", "2023-08-01");
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal(["host", "x-amz-api-version", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"], SignedHeaders(request));
        Assert.True(request.Headers.Contains("User-Agent"));
        Assert.True(request.Headers.Contains("X-Amzn-Trace-Id"));
    }

    [Fact]
    public void ContentSha256IsAlwaysSetAndSigned()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/status");
        Signer.Sign(get, Credentials, Time, []);
        Assert.Equal(EmptyHash, SigV4TestSuiteTests.Single(get, SigV4Signer.ContentSha256Header));
        Assert.Contains(SigV4Signer.ContentSha256Header, SignedHeaders(get));

        var body = "{\"id\":\"job-1\"}"u8.ToArray();
        using var post = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/ml") { Content = new ByteArrayContent(body) };
        Signer.Sign(post, Credentials, Time, body);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), SigV4TestSuiteTests.Single(post, SigV4Signer.ContentSha256Header));
        Assert.EndsWith("\n" + Convert.ToHexStringLower(SHA256.HashData(body)), Canonical(post), StringComparison.Ordinal);
    }

    [Fact]
    public void MultiValueHeadersAreSignedAsHttpClientSendsThem()
    {
        // HttpClient puts every value of a header on one line joined with ", " (aws/aws-sdk-net #4493, fixed by #4494);
        // the service canonicalizes that line (trim, runs of spaces collapsed), so that is what must be signed.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        request.Headers.TryAddWithoutValidation("My-Header", "  b   value  ");
        request.Headers.TryAddWithoutValidation("my-header", "a");
        request.Headers.TryAddWithoutValidation("X-Spaces", "  \"a   b   c\"  ");
        Signer.Sign(request, Credentials, Time, []);

        var canonical = Canonical(request);
        Assert.Contains("\naccept:application/json, text/plain\n", canonical, StringComparison.Ordinal);
        Assert.Contains("\nmy-header:b value , a\n", canonical, StringComparison.Ordinal);
        Assert.Contains("\nx-spaces:\"a b c\"\n", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void SameNameOnRequestAndContentIsTwoLinesJoinedWithComma()
    {
        // The one way HttpClient sends a name twice: once from the request headers, once from the content headers.
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.TryAddWithoutValidation("X-Meta", "one, two");
        request.Content.Headers.TryAddWithoutValidation("X-Meta", "three");
        Signer.Sign(request, Credentials, Time, new byte[] { 1, 2, 3 });

        Assert.Contains("\nx-meta:one, two,three\n", Canonical(request), StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderNamesSortOrdinallyOnLowerCase()
    {
        // Ordinal on lower case puts '_' (0x5F) before letters; an ignore-case sort would put it after them.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");
        request.Headers.TryAddWithoutValidation("X-AAB", "2");
        request.Headers.TryAddWithoutValidation("x-a_b", "1");
        Signer.Sign(request, Credentials, Time, []);

        Assert.Equal(["host", "x-a_b", "x-aab", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"], SignedHeaders(request));
    }

    [Theory]
    [InlineData("value\r\nX-Injected: 1")]
    [InlineData("value\nX-Injected: 1")]
    [InlineData("folded\n  continuation")]
    public void HeaderValuesWithLineBreaksAreRefused(string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");
        Assert.True(request.Headers.TryAddWithoutValidation("My-Header", value));
        var error = Assert.Throws<ArgumentException>(() => Signer.Sign(request, Credentials, Time, []));
        Assert.Contains("My-Header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentLengthIsSignedTheSameWayWhoeverReadTheBodyFirst()
    {
        // Before the fix, SignAsync (which reads the body) signed content-length and Sign did not.
        var body = "{\"a\":1}"u8.ToArray();
        using var viaSpan = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/x") { Content = new ByteArrayContent(body) };
        using var viaAsync = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/x") { Content = new ByteArrayContent(body) };
        Signer.Sign(viaSpan, Credentials, Time, body);
        await Signer.SignAsync(viaAsync, Credentials, Time);

        Assert.Contains("content-length", SignedHeaders(viaSpan));
        Assert.Contains("\ncontent-length:7\n", Canonical(viaSpan), StringComparison.Ordinal);
        Assert.Equal(SigV4TestSuiteTests.Single(viaAsync, "Authorization"), SigV4TestSuiteTests.Single(viaSpan, "Authorization"));
    }

    [Fact]
    public async Task SignAsyncHashesAStreamBodyAndKeepsItSendable()
    {
        var body = Encoding.UTF8.GetBytes("{\"query\":\"g.V().limit(1)\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://h.example.com/gremlin")
        {
            Content = new StreamContent(new MemoryStream(body)),
        };
        await Signer.SignAsync(request, Credentials, Time);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), SigV4TestSuiteTests.Single(request, SigV4Signer.ContentSha256Header));
        Assert.Equal(body, await request.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void RelativeUriIsRejected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/status", UriKind.Relative));
        Assert.Throws<ArgumentException>(() => Signer.Sign(request, Credentials, Time, []));
    }

    [Fact]
    public void CanonicalPathOfUriNormalizedPaths()
    {
        // What System.Uri hands over (already encoded once): each segment is encoded again; dot segments never survive.
        Assert.Equal("/ml/modeltraining/job%252F1", SigV4Signer.CanonicalPath(new Uri("https://h/ml/modeltraining/job%2F1").AbsolutePath));
        Assert.Equal("/a%2520b/%25E2%259C%2593", SigV4Signer.CanonicalPath(new Uri("https://h/a b/\u2713").AbsolutePath));
        Assert.Equal("/", SigV4Signer.CanonicalPath(""));
        Assert.Equal("/a/", SigV4Signer.CanonicalPath("/a/b/../"));
        Assert.Equal("/a/c", SigV4Signer.CanonicalPath("/a/./b/../c"));
        Assert.Equal("/", SigV4Signer.CanonicalPath("/../.."));
    }

    [Fact]
    public void CanonicalQueryRules()
    {
        Assert.Equal("", SigV4Signer.CanonicalQuery(""));
        Assert.Equal("", SigV4Signer.CanonicalQuery("?"));
        Assert.Equal("a=&b=2", SigV4Signer.CanonicalQuery("?b=2&a"));
        Assert.Equal("k=a%20b&k=a%2Bb", SigV4Signer.CanonicalQuery("?k=a+b&k=a%20b"));
        Assert.Equal("%E2%9C%93=%F0%9F%98%80&A=1&a=1", SigV4Signer.CanonicalQuery("?a=1&A=1&%E2%9C%93=%F0%9F%98%80"));
        Assert.Equal("x=%2A%27%28%29%21", SigV4Signer.CanonicalQuery("?x=*'()!"));
    }

    [Fact]
    public async Task WhatHttpClientSendsIsWhatWasSigned()
    {
        // A real HTTP exchange on 127.0.0.1: take the bytes HttpClient wrote, sign them again from scratch, compare.
        using var server = new LoopbackServer();
        var body = "{\"id\":\"j\u00e9b 1\",\"n\":[1,2]}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{server.Port}/ml/modeltraining/a%2Fb%20c?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX&clean=true")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("Neptune.CodeGen/0.1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        Signer.Sign(request, Credentials, Time, body);
        var signedCanonical = Canonical(request);

        using (var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }))
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var raw = RawHttpRequest.Parse(await server.RawRequest);
        Assert.Equal($"127.0.0.1:{server.Port}", raw.GetHeader("Host")!.Trim());
        Assert.Equal(Encoding.UTF8.GetString(body), raw.Body);
        var sentAuthorization = raw.GetHeader("Authorization")!.Trim();

        using var replay = raw.ToHttpRequestMessage(skipHeader: h => h.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        Signer.Sign(replay, Credentials, Time, Encoding.UTF8.GetBytes(raw.Body));
        Assert.Equal(signedCanonical, Canonical(replay));
        Assert.Equal(sentAuthorization, SigV4TestSuiteTests.Single(replay, "Authorization"));
        Assert.Contains("content-length", SignedHeaders(replay));
        Assert.Contains("accept", SignedHeaders(replay));
    }

    [Fact]
    public void ToStringOfSignerInputsNeverLeaksSecrets()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/");
        Signer.Sign(request, Credentials, Time, []);

        Assert.DoesNotContain("secret-key-0123456789", request.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-0123456789", string.Join("\n", request.Headers.NonValidated.SelectMany(h => h.Value)), StringComparison.Ordinal);
    }
}
