using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>The verifier on its own: a published AWS test vector (no runtime code involved) and the canonical forms.</summary>
public sealed class SigV4VerifierTests
{
    // aws-sig-v4-test-suite "get-vanilla": GET / on example.amazonaws.com, service "service", us-east-1, 20150830T123600Z.
    private const string VanillaSignature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private static NeptuneEmulatorOptions VanillaOptions => new()
    {
        Region = "us-east-1",
        SigningName = "service",
        AccessKeyId = "AKIDEXAMPLE",
        SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        TimeProvider = new FixedTimeProvider(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero)),
    };

    [Theory]
    [InlineData(VanillaSignature, HttpStatusCode.BadRequest)] // authenticated; "/" is not an operation
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.Forbidden)]
    public async Task Published_get_vanilla_vector_is_verified(string signature, HttpStatusCode expected)
    {
        await using var emulator = await NeptuneEmulator.StartAsync(VanillaOptions);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Endpoint);
        request.Headers.Host = "example.amazonaws.com";
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20150830T123600Z");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(expected == HttpStatusCode.BadRequest ? "UnsupportedOperationException" : "AccessDeniedException", error.Code);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.Forbidden)]
    public async Task Canonical_path_must_be_encoded_twice(bool encodedTwice, HttpStatusCode expected)
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("team/job");
        var amzDate = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var path = encodedTwice ? "/ml/modeltraining/team%252Fjob" : "/ml/modeltraining/team%2Fjob";
        var canonical = $"GET\n{path}\n\nhost:127.0.0.1:{emulator.Endpoint.Port}\nx-amz-date:{amzDate}\n\nhost;x-amz-date\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var stringToSign = SigV4Verifier.BuildStringToSign(amzDate, $"{date}/us-east-1/neptune-db/aws4_request", canonical);
        var signature = SigV4Verifier.Sign(NeptuneEmulatorOptions.ExampleSecretAccessKey, date, "us-east-1", "neptune-db", stringToSign);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.Endpoint, "ml/modeltraining/team%2Fjob"));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={NeptuneEmulatorOptions.ExampleAccessKeyId}/{date}/us-east-1/neptune-db/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public void Vanilla_signature_is_reproduced_from_the_canonical_request()
    {
        var headers = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = ["example.amazonaws.com"],
            ["X-Amz-Date"] = ["20150830T123600Z"],
        };
        var canonical = SigV4Verifier.BuildCanonicalRequest("GET", "/", string.Empty, ["host", "x-amz-date"], headers,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        var stringToSign = SigV4Verifier.BuildStringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);
        Assert.Equal(VanillaSignature, SigV4Verifier.Sign("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service", stringToSign));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/ml/modeltraining/job-1", "/ml/modeltraining/job-1")]
    [InlineData("/ml/modeltraining/team%2Fjob%201", "/ml/modeltraining/team%252Fjob%25201")]
    [InlineData("/ml/modeltraining/a~b", "/ml/modeltraining/a~b")]
    [InlineData("/a/./b/../c/", "/a/c/")]
    public void Canonical_path_encodes_the_raw_segments_again(string rawPath, string expected) =>
        Assert.Equal(expected, SigV4Verifier.CanonicalPath(rawPath));

    [Theory]
    [InlineData("", "")]
    [InlineData("clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR", "clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR")]
    [InlineData("b=2&a=%20x&a=&c", "a=&a=%20x&b=2&c=")]
    [InlineData("k=a+b&k2=%7e", "k=a%2Bb&k2=~")]
    public void Canonical_query_is_decoded_reencoded_and_sorted(string rawQuery, string expected) =>
        Assert.Equal(expected, SigV4Verifier.CanonicalQuery(rawQuery));

    [Theory]
    [InlineData("  a   b  c ", "a b c")]
    [InlineData("value", "value")]
    public void Header_values_are_trimmed_and_spaces_collapsed(string value, string expected) =>
        Assert.Equal(expected, SigV4Verifier.CollapseSpaces(value));
}
