using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>Tests that change the process environment run alone: xunit runs this collection after all others, one test at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>With <c>Credentials = null</c>, the client signs with the standard AWS environment variables.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ProcessEnvironmentCredentialsTests
{
    [Fact]
    public async Task NoCredentialsInOptions_SignsWithAwsEnvironmentVariables_IncludingTheSessionToken()
    {
        await using var session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = "process-env-session-token" });
        session.Emulator.AddTrainingJob("job-1");

        using (new EnvironmentVariables(new()
        {
            [EnvironmentCredentialsProvider.AccessKeyIdVariable] = session.Emulator.Options.AccessKeyId,
            [EnvironmentCredentialsProvider.SecretAccessKeyVariable] = session.Emulator.Options.SecretAccessKey,
            [EnvironmentCredentialsProvider.SessionTokenVariable] = "process-env-session-token",
        }))
        {
            var client = session.CreateClient(credentials: null);
            var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });
            Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        }

        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.StartsWith(NeptuneEmulatorOptions.ExampleAccessKeyId + "/", SigV4Header.Credential(request));
        Assert.Equal("process-env-session-token", request.GetHeader("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", SigV4Header.SignedHeaders(request));
    }

    [Fact]
    public async Task NoCredentialsInOptions_ReadsTheVariablesAgainForEveryRequest()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        var client = session.CreateClient(credentials: null);

        using (new EnvironmentVariables(new()
        {
            [EnvironmentCredentialsProvider.AccessKeyIdVariable] = session.Emulator.Options.AccessKeyId,
            [EnvironmentCredentialsProvider.SecretAccessKeyVariable] = "rotated-away-secret",
            [EnvironmentCredentialsProvider.SessionTokenVariable] = null,
        }))
        {
            await Assert.ThrowsAnyAsync<NeptuneDataException>(() => client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" }));
        }

        using (new EnvironmentVariables(new()
        {
            [EnvironmentCredentialsProvider.AccessKeyIdVariable] = session.Emulator.Options.AccessKeyId,
            [EnvironmentCredentialsProvider.SecretAccessKeyVariable] = session.Emulator.Options.SecretAccessKey,
            [EnvironmentCredentialsProvider.SessionTokenVariable] = null,
        }))
        {
            var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1" });
            Assert.Equal(TrainingJobStatus.Stopping, response.Status);
        }

        Assert.Equal(2, session.Emulator.ReceivedRequests.Count);
        Assert.NotNull(session.Emulator.ReceivedRequests[0].AuthenticationFailure);
        SigV4Header.AssertAccepted(session.Emulator.ReceivedRequests[1]);
    }

    /// <summary>Sets process environment variables (null removes one) and puts the previous values back on dispose.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = new();

        public EnvironmentVariables(Dictionary<string, string?> values)
        {
            foreach (var (name, value) in values)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
