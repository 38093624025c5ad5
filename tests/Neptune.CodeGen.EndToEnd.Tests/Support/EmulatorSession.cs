using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Support;

/// <summary>One emulator on a free loopback port and a generated client pointed at it with the emulator's own keys.</summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    private readonly List<NeptuneDataClient> _clients = new();

    private EmulatorSession(NeptuneEmulator emulator)
    {
        Emulator = emulator;
        Client = CreateClient(Credentials);
    }

    public NeptuneEmulator Emulator { get; }

    /// <summary>The credentials the emulator accepts.</summary>
    public AwsCredentials Credentials => new(Emulator.Options.AccessKeyId, Emulator.Options.SecretAccessKey, Emulator.Options.SessionToken);

    /// <summary>A client with the credentials the emulator accepts (including its session token, if any), default settings otherwise.</summary>
    public NeptuneDataClient Client { get; }

    public static async Task<EmulatorSession> StartAsync(NeptuneEmulatorOptions? options = null) =>
        new(await NeptuneEmulator.StartAsync(options));

    /// <summary>A client for this emulator; <paramref name="credentials"/> null means the default (environment) credentials.</summary>
    public NeptuneDataClient CreateClient(IAwsCredentialsProvider? credentials, Action<NeptuneDataClientOptions>? configure = null)
    {
        var options = new NeptuneDataClientOptions
        {
            Endpoint = Emulator.Endpoint,
            Region = Emulator.Options.Region,
            Credentials = credentials,
        };
        configure?.Invoke(options);
        var client = new NeptuneDataClient(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>The one request the emulator received; fails with the whole log when there were more or none.</summary>
    public RecordedRequest SingleRequest()
    {
        var requests = Emulator.ReceivedRequests;
        Assert.True(requests.Count == 1, $"Expected exactly one request, the emulator received {requests.Count}:\n{Describe(requests)}");
        return requests[0];
    }

    /// <summary>Queues the same fault several times, so the test holds whether or not the client retries.</summary>
    public void EnqueueFaultForEveryAttempt(Action<NeptuneEmulator> enqueue)
    {
        for (var i = 0; i < MaxAttemptsAnyRetryPolicyMakes; i++)
        {
            enqueue(Emulator);
        }
    }

    /// <summary>Standard-mode retries make 3 attempts; 5 leaves room without making a retrying client slow.</summary>
    private const int MaxAttemptsAnyRetryPolicyMakes = 5;

    public static string Describe(IEnumerable<RecordedRequest> requests) =>
        string.Join("\n", requests.Select(static r =>
            $"  {r.Method} {r.RawTarget} -> {r.StatusCode} {r.ErrorCode} {r.AuthenticationFailure}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Emulator.DisposeAsync();
    }
}
