using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>Requests signed by the runtime's signer against the emulator's independent verifier.</summary>
public sealed class SignatureVerificationTests
{
    private const string CancelPath = "ml/modeltraining/job-1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML";

    [Fact]
    public async Task Good_signature_cancels_the_job()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Delete, CancelPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Stopping", (await Json.ReadAsync(response)).GetProperty("status").GetString());
        Assert.True(response.Headers.Contains(NeptuneEmulator.RequestIdHeader));
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.Stopping, job.Status);
        Assert.True(job.Clean);
        Assert.Equal("arn:aws:iam::123456789012:role/NeptuneML", job.NeptuneIamRoleArn);
        Assert.Equal(1, job.CancelCount);
        Assert.Null(Assert.Single(emulator.ReceivedRequests).AuthenticationFailure);
    }

    [Fact]
    public async Task Good_signature_with_a_json_body_is_accepted()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(HttpMethod.Post, "ml/modeltraining",
            """{"id":"t-1","dataProcessingJobId":"dp-1","trainModelS3Location":"s3://bucket/out"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(emulator.TryGetTrainingJob("t-1", out _));
    }

    [Fact]
    public async Task Tampered_signature_is_rejected_and_the_job_is_untouched()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, CancelPath), afterSigning: request =>
            SignedClient.RewriteAuthorization(request, auth => auth[..^1] + (auth[^1] == '0' ? '1' : '0')));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.DetailedMessage);
        Assert.Contains("/ml/modeltraining/job-1", error.DetailedMessage); // the canonical request, to help debugging
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.InProgress, job.Status);
        Assert.Equal(error.DetailedMessage, Assert.Single(emulator.ReceivedRequests).AuthenticationFailure);
    }

    [Fact]
    public async Task Wrong_secret_is_rejected_without_echoing_any_secret()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);
        const string wrongSecret = "not-the-secret-0123456789";

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, CancelPath),
            credentials: new AwsCredentials(NeptuneEmulatorOptions.ExampleAccessKeyId, wrongSecret));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("does not match", error.DetailedMessage);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(NeptuneEmulatorOptions.ExampleSecretAccessKey, raw);
        Assert.DoesNotContain(wrongSecret, raw);
    }

    [Fact]
    public async Task Wrong_region_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, CancelPath), signer: new SigV4Signer("neptune-db", "eu-west-1"));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("region", error.DetailedMessage);
        Assert.Contains("eu-west-1", error.DetailedMessage);
    }

    [Fact]
    public async Task Wrong_service_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, CancelPath), signer: new SigV4Signer("neptune", "us-east-1"));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("service", error.DetailedMessage);
        Assert.Contains("'neptune-db'", error.DetailedMessage);
    }

    [Fact]
    public async Task Unknown_access_key_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"),
            credentials: new AwsCredentials("AKIDUNKNOWN000000000", NeptuneEmulatorOptions.ExampleSecretAccessKey));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("AKIDUNKNOWN000000000", error.DetailedMessage);
    }

    [Fact]
    public async Task Unsigned_host_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, CancelPath), afterSigning: request =>
            SignedClient.RewriteAuthorization(request, auth =>
            {
                Assert.Contains("SignedHeaders=host;", auth);
                return auth.Replace("SignedHeaders=host;", "SignedHeaders=", StringComparison.Ordinal);
            }));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("host header must be signed", error.DetailedMessage);
    }

    [Fact]
    public async Task Missing_authorization_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendUnsignedAsync(client.Create(HttpMethod.Get, "ml/modeltraining"));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("Missing Authentication Token", error.DetailedMessage);
    }

    [Fact]
    public async Task Changed_query_after_signing_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Delete, "ml/modeltraining/job-1?clean=false"), afterSigning: request =>
            request.RequestUri = new Uri(emulator.Endpoint, "ml/modeltraining/job-1?clean=true"));

        await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.True(emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Null(job.Clean);
    }

    [Fact]
    public async Task Stale_date_is_rejected_as_RequestExpired()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), signingTime: DateTimeOffset.UtcNow.AddMinutes(-20));

        var error = await ErrorBody.AssertAsync(response, 403, "RequestExpired");
        Assert.StartsWith("Signature expired:", error.DetailedMessage);
        Assert.Contains("15 min.", error.DetailedMessage);
    }

    [Fact]
    public async Task Date_too_far_in_the_future_is_rejected_as_RequestExpired()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), signingTime: DateTimeOffset.UtcNow.AddMinutes(20));

        var error = await ErrorBody.AssertAsync(response, 403, "RequestExpired");
        Assert.StartsWith("Signature not yet current:", error.DetailedMessage);
    }

    [Fact]
    public async Task Date_inside_the_skew_window_is_accepted()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), signingTime: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Skew_window_follows_the_configured_clock_and_width()
    {
        var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions
        {
            TimeProvider = new FixedTimeProvider(now),
            AllowedClockSkew = TimeSpan.FromMinutes(5),
        });
        using var client = new SignedClient(emulator);

        using var inside = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), signingTime: now.AddMinutes(-4));
        using var outside = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), signingTime: now.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(now, inside.Headers.Date);
        Assert.Equal(now, outside.Headers.Date); // what a client's clock-skew correction reads
        var error = await ErrorBody.AssertAsync(outside, 403, "RequestExpired");
        Assert.Equal("Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.).", error.DetailedMessage);
    }

    [Fact]
    public async Task Session_token_is_required_when_configured()
    {
        const string token = "session-token-value-123";
        await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { SessionToken = token });
        using var client = new SignedClient(emulator);
        var options = emulator.Options;

        using var withToken = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"));
        using var missing = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"),
            credentials: new AwsCredentials(options.AccessKeyId, options.SecretAccessKey));
        using var wrong = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"),
            credentials: new AwsCredentials(options.AccessKeyId, options.SecretAccessKey, "other-token"));

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        var missingError = await ErrorBody.AssertAsync(missing, 403, "AccessDeniedException");
        Assert.Contains("missing the X-Amz-Security-Token", missingError.DetailedMessage);
        var wrongError = await ErrorBody.AssertAsync(wrong, 403, "AccessDeniedException");
        Assert.Contains("security token included in the request is invalid", wrongError.DetailedMessage);
        Assert.DoesNotContain(token, await wrong.Content.ReadAsStringAsync());
        Assert.DoesNotContain("other-token", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Session_token_is_never_echoed_in_a_signature_mismatch()
    {
        const string token = "secret-session-token-xyz";
        await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { SessionToken = token });
        using var client = new SignedClient(emulator);

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"), afterSigning: request =>
            SignedClient.RewriteAuthorization(request, auth => auth[..^1] + (auth[^1] == '0' ? '1' : '0')));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("x-amz-security-token:<redacted>", error.DetailedMessage);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Session_token_sent_to_an_emulator_without_one_is_rejected()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);
        var options = emulator.Options;

        using var response = await client.SendAsync(client.Create(HttpMethod.Get, "ml/modeltraining"),
            credentials: new AwsCredentials(options.AccessKeyId, options.SecretAccessKey, "stray-token"));

        await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
    }

    [Fact]
    public async Task Body_changed_after_signing_is_rejected_by_the_payload_hash()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);
        const string signed = """{"id":"aaaa","dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""";
        const string sent = """{"id":"bbbb","dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""";

        using var response = await client.SendAsync(client.Create(HttpMethod.Post, "ml/modeltraining", signed), afterSigning: request =>
            request.Content = new StringContent(sent, Encoding.UTF8, "application/json"));

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("x-amz-content-sha256", error.DetailedMessage);
        Assert.Empty(emulator.TrainingJobs);
    }

    [Fact]
    public async Task Body_changed_after_signing_without_a_hash_header_fails_the_signature()
    {
        await using var emulator = await NeptuneEmulator.StartAsync();
        using var client = new SignedClient(emulator);
        const string signed = """{"id":"aaaa","dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""";
        const string sent = """{"id":"bbbb","dataProcessingJobId":"dp","trainModelS3Location":"s3://b/o"}""";

        using var response = await client.SendAsync(client.Create(HttpMethod.Post, "ml/modeltraining", signed), afterSigning: request =>
        {
            request.Headers.Remove(SigV4Signer.ContentSha256Header);
            request.Content = new StringContent(sent, Encoding.UTF8, "application/json");
            SignedClient.RewriteAuthorization(request, auth => auth.Replace("x-amz-content-sha256;", string.Empty, StringComparison.Ordinal));
        });

        var error = await ErrorBody.AssertAsync(response, 403, "AccessDeniedException");
        Assert.Contains("does not match the signature you provided", error.DetailedMessage);
    }

    [Fact]
    public async Task Signature_checking_can_be_disabled()
    {
        await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { VerifySignatures = false });
        emulator.AddTrainingJob("job-1");
        using var client = new SignedClient(emulator);

        using var response = await client.SendUnsignedAsync(client.Create(HttpMethod.Delete, "ml/modeltraining/job-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
