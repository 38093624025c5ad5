using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.SigV4;

public sealed class SigV4SigningHandlerTests
{
    /// <summary>Sends the same request message twice through the rest of the chain, as a resilience handler does.</summary>
    private sealed class RetryTwiceHandler(ManualTimeProvider clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
            clock.Now = clock.Now.AddSeconds(30);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task EveryAttemptIsSignedAfreshWithCurrentCredentials()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var credentials = new CountingCredentialsProvider(call => new AwsCredentials("AKID" + call, "secret" + call, "token" + call));
        var inner = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, "{}"));
        var signing = new SigV4SigningHandler(new SigV4Signer("neptune-db", "us-east-1"), credentials, clock) { InnerHandler = inner };
        using var client = new HttpClient(new RetryTwiceHandler(clock) { InnerHandler = signing });

        using var response = await client.PostAsync("https://my-cluster.example.com:8182/openCypher", new StringContent("query=RETURN 1"));

        Assert.Equal(2, credentials.Calls);
        Assert.Equal(2, inner.Requests.Count);
        var (first, second) = (inner.Requests[0], inner.Requests[1]);
        foreach (var attempt in new[] { first, second })
        {
            Assert.Equal(1, attempt.Count("Authorization"));
            Assert.Equal(1, attempt.Count("X-Amz-Date"));
            Assert.Equal(1, attempt.Count("X-Amz-Security-Token"));
            Assert.Equal(1, attempt.Count("x-amz-content-sha256"));
            Assert.Equal("my-cluster.example.com:8182", attempt.Header("Host"));
            Assert.Equal("query=RETURN 1", System.Text.Encoding.UTF8.GetString(attempt.Body));
        }

        Assert.Equal("20240102T030405Z", first.Header("X-Amz-Date"));
        Assert.Equal("20240102T030435Z", second.Header("X-Amz-Date"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID1/20240102/us-east-1/neptune-db/aws4_request", first.Header("Authorization"), StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID2/20240102/us-east-1/neptune-db/aws4_request", second.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("token2", second.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public void ConstructorRejectsNulls()
    {
        var signer = new SigV4Signer("neptune-db", "us-east-1");
        Assert.Throws<ArgumentNullException>(() => new SigV4SigningHandler(null!, new AwsCredentials("a", "b")));
        Assert.Throws<ArgumentNullException>(() => new SigV4SigningHandler(signer, null!));
        Assert.Throws<ArgumentException>(() => new SigV4Signer("", "us-east-1"));
        Assert.Throws<ArgumentException>(() => new SigV4Signer("neptune-db", " "));
    }
}
