using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.SigV4;

/// <summary>
/// Signs Neptune-shaped requests with our signer and with the AWS SDK for .NET's own public SigV4 signer
/// (<see cref="AWSSigV4Signer"/> in AWSSDK.Core 4.1.0, a test-only reference, run offline with a fixed time) and
/// requires the same signing headers. One case also spells out the canonical request by hand, from the AWS docs.
/// </summary>
public sealed class AwsSdkOracleTests
{
    private const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slashes=";
    private const string Cluster = "https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182";
    private static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<string, string, string?, bool> Requests => new()
    {
        { "DELETE", Cluster + "/ml/modeltraining/job%2F1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX", null, true },
        { "DELETE", Cluster + "/ml/modeltraining/job%2F1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX", null, false },
        { "POST", Cluster + "/ml/modeltraining", "{\"dataProcessingJobId\":\"dp-1\",\"trainModelS3Location\":\"s3://bucket/out\",\"id\":\"j\u00e9b 1\"}", true },
        { "GET", Cluster + "/ml/modeltraining?maxItems=10&neptuneIamRoleArn=a%20b&neptuneIamRoleArn=a%2Bb&x=%E2%9C%93", null, true },
        { "GET", Cluster + "/gremlin/status/%E2%9C%93%20%F0%9F%98%80?includeWaiting=true", null, true },
        { "GET", "https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com/propertygraph/statistics", null, true },
        { "POST", "http://127.0.0.1:8182/base/openCypher", "query=MATCH (n) RETURN n LIMIT 1", false },
        { "GET", "https://[::1]:8182/status", null, true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void SameSignatureAsTheAwsSdk(string method, string url, string? body, bool withToken)
    {
        var payload = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var uri = new Uri(url);

        using var ours = new HttpRequestMessage(new HttpMethod(method), uri);
        ours.Headers.TryAddWithoutValidation("x-amz-api-version", "2023-08-01");
        if (body is not null)
        {
            ours.Content = new ByteArrayContent(payload);
            ours.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        new SigV4Signer("neptune-db", "us-east-1").Sign(ours, new AwsCredentials(AccessKeyId, SecretAccessKey, withToken ? SessionToken : null), Time, payload);

        var theirs = new AWSSigningRequest { HttpMethod = new HttpMethod(method), RequestUri = uri };
        theirs.Headers["x-amz-api-version"] = "2023-08-01";
        if (body is not null)
        {
            theirs.Content = payload;
            theirs.Headers["Content-Type"] = "application/json";
            // HttpClient sends Content-Length for a buffered body and our signer signs it; the SDK signs what it is given.
            theirs.Headers["Content-Length"] = payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        AWSCredentials credentials = withToken
            ? new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken)
            : new BasicAWSCredentials(AccessKeyId, SecretAccessKey);
        var result = AWSSigV4Signer.Sign(theirs, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.USEast1,
            Service = "neptune-db",
            SignPayload = true,
            SignedAt = Time.UtcDateTime,
        });

        var sdk = new Dictionary<string, string>(result.Headers, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(sdk["Authorization"], SigV4TestSuiteTests.Single(ours, "Authorization"));
        Assert.Equal(sdk["X-Amz-Date"], SigV4TestSuiteTests.Single(ours, "X-Amz-Date"));
        Assert.Equal(sdk["x-amz-content-sha256"], SigV4TestSuiteTests.Single(ours, "x-amz-content-sha256"));
        Assert.Equal(withToken ? SessionToken : null, sdk.GetValueOrDefault("X-Amz-Security-Token"));
        Assert.Equal(withToken ? SessionToken : null, ours.Headers.TryGetValues("X-Amz-Security-Token", out var t) ? t.Single() : null);
        Assert.Contains("Signature=", sdk["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public void CancelJobCanonicalRequestMatchesTheDocumentedForm()
    {
        // Written by hand from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html:
        // each path segment encoded twice (job%2F1 on the wire -> job%252F1), query names/values decoded then RFC 3986
        // encoded and sorted, host with the non-default port, lower-case sorted headers, the empty-body hash.
        const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var expected = string.Join('\n',
            "DELETE",
            "/ml/modeltraining/job%252F1",
            "clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX",
            "host:my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182",
            "x-amz-content-sha256:" + EmptyHash,
            "x-amz-date:20240102T030405Z",
            "x-amz-security-token:" + SessionToken,
            "",
            "host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
            EmptyHash);

        using var request = new HttpRequestMessage(HttpMethod.Delete, Cluster + "/ml/modeltraining/job%2F1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2FX&clean=true");
        request.Headers.UserAgent.ParseAdd("Neptune.CodeGen/0.1.0");
        new SigV4Signer("neptune-db", "us-east-1").Sign(request, new AwsCredentials(AccessKeyId, SecretAccessKey, SessionToken), Time, []);

        Assert.Equal(expected, SigV4Signer.BuildCanonicalRequest(request, EmptyHash, out var signedHeaders));
        Assert.Equal("host;x-amz-content-sha256;x-amz-date;x-amz-security-token", signedHeaders);

        // The signature by the book, from that canonical request.
        var stringToSign = "AWS4-HMAC-SHA256\n20240102T030405Z\n20240102/us-east-1/neptune-db/aws4_request\n"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretAccessKey);
        foreach (var part in new[] { "20240102", "us-east-1", "neptune-db", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20240102/us-east-1/neptune-db/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
            SigV4TestSuiteTests.Single(request, "Authorization"));
    }
}
