using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>The generated <see cref="NeptuneDataClient"/> against the emulator over loopback: what goes on the wire and what comes back.</summary>
public sealed class CancelTrainingJobTests
{
    [Fact]
    public async Task Cancel_SendsSignedDeleteWithCleanQuery_AndStopsTheJob()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");

        var response = await session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        var request = session.SingleRequest();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/ml/modeltraining/job-1?clean=true", request.RawTarget);
        Assert.Equal(200, request.StatusCode);
        SigV4Header.AssertAccepted(request);
        Assert.Equal($"127.0.0.1:{session.Emulator.Endpoint.Port}", request.GetHeader("Host"));
        Assert.Contains("host", SigV4Header.SignedHeaders(request));
        Assert.Contains("x-amz-date", SigV4Header.SignedHeaders(request));
        Assert.Matches($"^{NeptuneEmulatorOptions.ExampleAccessKeyId}/\\d{{8}}/us-east-1/neptune-db/aws4_request$", SigV4Header.Credential(request));
        Assert.Equal(string.Empty, request.Body);

        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.Stopping, job.Status);
        Assert.True(job.Clean);
        Assert.Equal(1, job.CancelCount);
    }

    [Fact]
    public async Task Cancel_WithoutOptionalMembers_SendsNoQuery()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");

        await session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        var request = session.SingleRequest();
        Assert.Equal("/ml/modeltraining/job-1", request.RawTarget);
        SigV4Header.AssertAccepted(request);
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Null(job.Clean);
    }

    [Fact]
    public async Task Cancel_WithRoleArn_PercentEncodesTheQueryValue_AndTheSignatureStillMatches()
    {
        const string RoleArn = "arn:aws:iam::123456789012:role/Neptune ML+Role";
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");

        await session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = false, NeptuneIamRoleArn = RoleArn });

        var request = session.SingleRequest();
        // Parameters go out in the spec's member order (the Smithy model's: neptuneIamRoleArn, then clean); SigV4 sorts them itself.
        Assert.Equal("neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptune%20ML%2BRole&clean=false", request.RawQuery);
        SigV4Header.AssertAccepted(request);
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(RoleArn, job.NeptuneIamRoleArn);
        Assert.False(job.Clean);
    }

    [Fact]
    public async Task Cancel_WithSessionToken_SendsTheTokenAndSignsIt()
    {
        await using var session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "FwoGZXIvYXdzE+token/with=chars" });
        session.Emulator.AddTrainingJob("job-1");

        var response = await session.Client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.Equal("FwoGZXIvYXdzE+token/with=chars", request.GetHeader("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", SigV4Header.SignedHeaders(request));
    }

    [Fact]
    public async Task Cancel_WithEnvironmentVariableCredentials_SignsWithThem()
    {
        // The options' environment provider over a lookup of our own: the same code path as process variables,
        // without touching the process environment that parallel tests share.
        await using var session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "env-session-token" });
        session.Emulator.AddTrainingJob("job-1");
        var variables = new Dictionary<string, string>
        {
            [EnvironmentCredentialsProvider.AccessKeyIdVariable] = session.Emulator.Options.AccessKeyId,
            [EnvironmentCredentialsProvider.SecretAccessKeyVariable] = session.Emulator.Options.SecretAccessKey,
            [EnvironmentCredentialsProvider.SessionTokenVariable] = "env-session-token",
        };
        var client = session.CreateClient(new EnvironmentCredentialsProvider(name => variables.GetValueOrDefault(name)));

        var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });

        Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.Equal("env-session-token", request.GetHeader("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", SigV4Header.SignedHeaders(request));
    }

    [Fact]
    public async Task Cancel_WithEnvironmentVariablesMissing_ThrowsCredentialsErrorBeforeSending()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        var client = session.CreateClient(new EnvironmentCredentialsProvider(static _ => null));

        var exception = await Assert.ThrowsAsync<AwsCredentialsException>(
            () => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }));

        Assert.Contains(EnvironmentCredentialsProvider.AccessKeyIdVariable, exception.Message);
        Assert.Empty(session.Emulator.ReceivedRequests);
    }

    [Fact]
    public async Task Cancel_WithWrongSecret_IsRejectedByTheEmulator()
    {
        // The control for every "signature accepted" assertion: the emulator really does check signatures.
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        var client = session.CreateClient(new AwsCredentials(session.Emulator.Options.AccessKeyId, "not-the-secret-key"));

        var exception = await Assert.ThrowsAnyAsync<NeptuneDataException>(
            () => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("AccessDeniedException", exception.ErrorCode);
        Assert.NotNull(session.SingleRequest().AuthenticationFailure);
        Assert.True(session.Emulator.TryGetTrainingJob("job-1", out var job));
        Assert.Equal(TrainingJobStatus.InProgress, job.Status);
    }
}
