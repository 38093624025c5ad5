using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.Data;
using Neptune.Emulator;

namespace Neptune.CodeGen.LoadTests;

/// <summary>One load scenario: how clients are obtained and whether credentials expire during the run.</summary>
/// <param name="Name">How the figures name it.</param>
/// <param name="DependencyInjection">False: one <see cref="NeptuneDataClient"/> shared by every caller. True: every call resolves
/// <see cref="INeptuneDataClient"/> from a service provider set up with <c>AddNeptuneDataClient</c>.</param>
/// <param name="ExpiringCredentials">Whether the credentials expire (and are refreshed) during the run.</param>
public sealed record LoadScenario(string Name, bool DependencyInjection, bool ExpiringCredentials)
{
    public static readonly LoadScenario[] All =
    [
        new("one client", DependencyInjection: false, ExpiringCredentials: false),
        new("DI-resolved clients", DependencyInjection: true, ExpiringCredentials: false),
        new("one client, expiring credentials", DependencyInjection: false, ExpiringCredentials: true),
        new("DI-resolved clients, expiring credentials", DependencyInjection: true, ExpiringCredentials: true),
    ];
}

/// <summary>How hard to push.</summary>
/// <param name="Calls">Calls measured (after a warm-up of <see cref="WarmUpCalls"/>).</param>
/// <param name="Concurrency">Callers running at once, each making calls until all are made.</param>
/// <param name="Expiries">
/// With <see cref="ExpireEvery"/> null: how many times the credentials expire, at evenly spaced points of the run, on a
/// clock moved by hand (so the count is exact). Ignored when <see cref="ExpireEvery"/> is set.
/// </param>
/// <param name="ExpireEvery">Real-time lifetime of the credentials (for the console run); null for the hand-moved clock.</param>
public sealed record LoadOptions(int Calls, int Concurrency, int Expiries = 4, TimeSpan? ExpireEvery = null)
{
    public int WarmUpCalls => Math.Min(200, Math.Max(Concurrency, Calls / 20));
}

/// <summary>What one run measured.</summary>
public sealed record LoadFigures
{
    public required string Scenario { get; init; }
    public required int Calls { get; init; }
    public required int Concurrency { get; init; }
    public required int Succeeded { get; init; }

    /// <summary>Calls that did not end with the service's answer: they threw, or never ended.</summary>
    public int Lost => Calls - Succeeded;

    /// <summary>Requests the emulator refused for their signature (any 403 from SigV4 verification).</summary>
    public required int SignaturesRejected { get; init; }

    public required int RequestsReceived { get; init; }

    /// <summary>Times the credentials expired during the run (null: static credentials).</summary>
    public int? Expiries { get; init; }

    /// <summary>Calls to the credentials source during the run: each a refresh.</summary>
    public int? Refreshes { get; init; }

    public int? RefreshesNotDue { get; init; }
    public int? OverlappingRefreshes { get; init; }
    public int? ExpiredCredentialsUsed { get; init; }
    public required double P50Milliseconds { get; init; }
    public required double P99Milliseconds { get; init; }
    public required double ElapsedSeconds { get; init; }

    /// <summary>Bytes allocated by the whole process per call: client and the in-process emulator together.</summary>
    public required long AllocatedBytesPerCall { get; init; }

    public required long ManagedBytesBefore { get; init; }
    public required long ManagedBytesAfter { get; init; }
    public required string Failures { get; init; }
}

/// <summary>Runs a scenario against a fresh emulator on loopback and measures it.</summary>
public static class LoadRunner
{
    private const string JobId = "load-job";

    public static async Task<LoadFigures> RunAsync(LoadScenario scenario, LoadOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Calls, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob(JobId);
        var keys = new AwsCredentials(emulator.Options.AccessKeyId, emulator.Options.SecretAccessKey, emulator.Options.SessionToken);

        IAwsCredentialsProvider credentials = keys;
        ExpiringCredentialsSource? source = null;
        ExpiryWitness? witness = null;
        ManualClock? manualClock = null;
        if (scenario.ExpiringCredentials)
        {
            // Real time: refresh a quarter of the lifetime ahead. Hand-moved clock: 10-minute credentials, refreshed 1 minute ahead.
            TimeProvider clock = options.ExpireEvery is null ? manualClock = new ManualClock() : TimeProvider.System;
            var lifetime = options.ExpireEvery ?? TimeSpan.FromMinutes(10);
            var window = options.ExpireEvery is { } every ? every / 4 : TimeSpan.FromMinutes(1);
            source = new ExpiringCredentialsSource(keys, clock, lifetime, window);
            credentials = witness = new ExpiryWitness(new CachingCredentialsProvider(source, clock, window), clock);
        }

        void Configure(NeptuneDataClientOptions client)
        {
            client.Endpoint = emulator.Endpoint;
            client.Region = emulator.Options.Region;
            client.Credentials = credentials;
            client.Retry = new RetryOptions { MaxAttempts = 3, Mode = RetryMode.Standard };
        }

        using var single = scenario.DependencyInjection ? null : CreateClient(Configure);
        await using var provider = scenario.DependencyInjection ? CreateProvider(Configure) : null;
        Func<INeptuneDataClient> clientForCall = single is not null ? () => single : () => provider!.GetRequiredService<INeptuneDataClient>();

        // Warm-up: connections, JIT, the first credentials. Not measured.
        await RunCallsAsync(clientForCall, options.WarmUpCalls, options.Concurrency, onCompleted: null);
        emulator.ClearReceivedRequests();

        var fetchesBefore = source?.Fetches ?? 0;
        var checkpoints = manualClock is null ? [] : Enumerable.Range(1, options.Expiries).Select(k => options.Calls * k / (options.Expiries + 1)).ToHashSet();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var result = await RunCallsAsync(clientForCall, options.Calls, options.Concurrency, completed =>
        {
            if (checkpoints.Contains(completed))
            {
                // Into the refresh window of the current credentials, not past their expiry: a jump of a whole lifetime
                // between the cache's expiry check and the witness's would count credentials that were valid when handed
                // out as used expired (no real clock moves ten minutes between two instructions).
                manualClock!.Advance(source!.Lifetime - (source.RefreshWindow / 2));
            }
        });
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var requests = emulator.ReceivedRequests;
        var rejected = requests.Count(r => r.AuthenticationFailure is not null);
        var received = requests.Count;
        emulator.ClearReceivedRequests();
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);

        var latencies = result.Latencies.Where(t => t > 0).Order().ToArray();
        return new LoadFigures
        {
            Scenario = scenario.Name,
            Calls = options.Calls,
            Concurrency = options.Concurrency,
            Succeeded = result.Succeeded,
            SignaturesRejected = rejected,
            RequestsReceived = received,
            Expiries = source is null ? null
                : manualClock is not null ? checkpoints.Count
                : (int)(stopwatch.Elapsed / (source.Lifetime - source.Lifetime / 4)),
            Refreshes = source is null ? null : source.Fetches - fetchesBefore,
            RefreshesNotDue = source?.RefreshesNotDue,
            OverlappingRefreshes = source?.OverlappingRefreshes,
            ExpiredCredentialsUsed = witness?.ExpiredUses,
            P50Milliseconds = Percentile(latencies, 0.50),
            P99Milliseconds = Percentile(latencies, 0.99),
            ElapsedSeconds = stopwatch.Elapsed.TotalSeconds,
            AllocatedBytesPerCall = allocated / options.Calls,
            ManagedBytesBefore = managedBefore,
            ManagedBytesAfter = managedAfter,
            Failures = string.Join("; ", result.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} x {f.Key}")),
        };
    }

    private static NeptuneDataClient CreateClient(Action<NeptuneDataClientOptions> configure)
    {
        var options = new NeptuneDataClientOptions();
        configure(options);
        return new NeptuneDataClient(options);
    }

    private static ServiceProvider CreateProvider(Action<NeptuneDataClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddNeptuneDataClient(configure);
        return services.BuildServiceProvider();
    }

    private sealed record CallsResult(int Succeeded, long[] Latencies, ConcurrentDictionary<string, int> Failures);

    private static async Task<CallsResult> RunCallsAsync(Func<INeptuneDataClient> clientForCall, int calls, int concurrency, Action<int>? onCompleted)
    {
        var latencies = new long[calls];
        var failures = new ConcurrentDictionary<string, int>();
        var next = -1;
        var completed = 0;
        var succeeded = 0;
        async Task CallerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var response = await clientForCall().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = JobId }).ConfigureAwait(false);
                    if (response.Status == TrainingJobStatus.Stopping)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.AddOrUpdate($"unexpected status {response.Status}", 1, static (_, n) => n + 1);
                    }
                }
                catch (Exception exception)
                {
                    var key = exception is NeptuneDataException service ? $"{service.GetType().Name} {service.ErrorCode} {(int)service.StatusCode}" : exception.GetType().Name;
                    failures.AddOrUpdate(key, 1, static (_, n) => n + 1);
                }

                latencies[index] = Stopwatch.GetTimestamp() - start;
                onCompleted?.Invoke(Interlocked.Increment(ref completed));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(CallerAsync))).ConfigureAwait(false);
        return new CallsResult(succeeded, latencies, failures);
    }

    private static double Percentile(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(quantile * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(index, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
