using System;
using System.Net.Http;
using System.Net.Http.Headers;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.SigV4;

/// <summary>
/// What one signature allocates, counted exactly with <see cref="GC.GetAllocatedBytesForCurrentThread"/> (signing is
/// synchronous, so nothing else runs on the thread). Each count is the smallest of several warm signatures, so a pooled
/// buffer that the pool happened to drop in between cannot make it fail. No time is measured.
/// </summary>
public sealed class SignerAllocationTests
{
    private static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly AwsCredentials Credentials = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slashes=");
    private static readonly Uri CancelUri = new("https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182/ml/modeltraining/job-1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML");
    private static readonly Uri StartUri = new("https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182/ml/modeltraining");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    [Fact]
    public void SigningADeleteAllocatesAtMostOneKilobyte()
    {
        var signer = new SigV4Signer("neptune-db", "us-east-1");
        var allocated = SmallestAllocation(signer, () => new HttpRequestMessage(HttpMethod.Delete, CancelUri), []);

        // What the request must carry: Authorization (~500 B), the headers object and its entries (~290 B).
        Assert.InRange(allocated, 1, 1024);
    }

    [Fact]
    public void SigningA2KilobytePostAllocatesNoMoreThanTheHeadersItCarries()
    {
        var signer = new SigV4Signer("neptune-db", "us-east-1");
        var body = new byte[2048];
        Array.Fill(body, (byte)'a');
        var allocated = SmallestAllocation(signer, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, StartUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            return request;
        }, body);

        // The DELETE's share plus the body's hex hash (152 B) and the Content-Length HttpContentHeaders stores (56 B).
        Assert.InRange(allocated, 1, 1088);
    }

    [Fact]
    public void RequestsSignedWithinOneSecondShareTheDateAndOthersDoNot()
    {
        var signer = new SigV4Signer("neptune-db", "us-east-1");
        string DateOf(DateTimeOffset time)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/status");
            signer.Sign(request, Credentials, time, []);
            return SigV4TestSuiteTests.Single(request, SigV4Signer.DateHeader);
        }

        Assert.Equal("20240102T030405Z", DateOf(Time));
        Assert.Equal("20240102T030405Z", DateOf(Time.AddMilliseconds(999)));
        Assert.Equal("20240102T030406Z", DateOf(Time.AddSeconds(1)));
        Assert.Equal("20240102T030405Z", DateOf(Time));
        Assert.Equal("20250102T030405Z", DateOf(Time.AddYears(1)));
        Assert.Equal("20240102T040405Z", DateOf(Time.ToOffset(TimeSpan.FromHours(-1)).AddHours(1)));
    }

    private static long SmallestAllocation(SigV4Signer signer, Func<HttpRequestMessage> create, byte[] payload)
    {
        var smallest = long.MaxValue;
        for (var i = 0; i < 20; i++)
        {
            using var request = create();
            var before = GC.GetAllocatedBytesForCurrentThread();
            signer.Sign(request, Credentials, Time, payload);
            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return smallest;
    }
}
