using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;
using Xunit.Abstractions;
using static Neptune.CodeGen.EndToEnd.Tests.Faults.FaultTestSupport;

namespace Neptune.CodeGen.EndToEnd.Tests.Faults;

/// <summary>
/// 10,000 faulted calls, 64 at a time: every one ends with the typed exception its fault calls for, and afterwards no
/// socket, connection, timer or queued work item is left behind (measured from /proc/self/fd, the kernel's TCP table,
/// Timer.ActiveCount and ThreadPool.PendingWorkItemCount).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ResourceLeakTests(ITestOutputHelper output)
{
    private const int Concurrency = 64;

    private sealed record Phase(ResponseFault Fault, int Calls, Type Expected, bool Slow = false);

    private static readonly Phase[] Phases =
    [
        new(ResponseFault.TruncatedJson, 1200, typeof(NeptuneDataException)),
        new(ResponseFault.InvalidUtf8Json, 1200, typeof(NeptuneDataException)),
        new(ResponseFault.HtmlPage, 1200, typeof(NeptuneDataException)),
        new(ResponseFault.ContentLengthTooLarge, 1200, typeof(HttpRequestException)),
        new(ResponseFault.UnreadableBody, 1200, typeof(HttpRequestException)),
        new(ResponseFault.ResetMidBody, 1000, typeof(HttpRequestException)),
        new(ResponseFault.HugeErrorBody(256 * 1024), 1000, typeof(AwsResponseTooLargeException)),
        new(ResponseFault.HugeSuccessBody(256 * 1024), 1000, typeof(AwsResponseTooLargeException)),
        new(ResponseFault.Trickle(TimeSpan.FromMilliseconds(50)), 1000, typeof(AwsTimeoutException), Slow: true),
    ];

    [Fact]
    public async Task TenThousandFaultedCalls_AllEndTyped_AndLeaveNoSocketConnectionTimerOrWorkBehind()
    {
        Assert.Equal(10_000, Phases.Sum(p => p.Calls));
        await using var session = await StartWithJobAsync();
        var port = session.Emulator.Endpoint.Port;
        var before = ResourceSnapshot.Take(port);

        // One attempt per call, so each call meets exactly one queued fault. Bodies over 64 KiB are refused.
        var client = session.CreateClient(session.Credentials, Settings(maxAttempts: 1, TimeSpan.FromSeconds(30), maxResponseBufferSize: 64 * 1024));
        var slowClient = session.CreateClient(session.Credentials, Settings(maxAttempts: 1, TimeSpan.FromMilliseconds(300)));
        var outcomes = new ConcurrentDictionary<string, int>();
        foreach (var phase in Phases)
        {
            for (var i = 0; i < phase.Calls; i++)
            {
                session.Emulator.EnqueueResponseFault(phase.Fault);
            }

            var wrong = await RunAsync(phase.Slow ? slowClient : client, phase, outcomes);
            Assert.True(wrong.Count == 0, $"{phase.Fault.Kind}: {wrong.Count} calls ended otherwise than with {phase.Expected.Name}, first: {wrong.FirstOrDefault()}");
            Assert.Equal(0, session.Emulator.PendingFaultCount);
        }

        var during = ResourceSnapshot.Take(port);
        client.Dispose();
        slowClient.Dispose();
        var after = await SettledAsync(port, before);

        output.WriteLine($"outcomes: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        output.WriteLine($"before:              {before}");
        output.WriteLine($"after the calls:     {during}");
        output.WriteLine($"clients disposed:    {after}");
        Assert.Equal(10_000, outcomes.Values.Sum());

        // Every call's connection is closed at both ends (the pool's idle ones with the clients); nothing else stays.
        Assert.Equal(0, after.ConnectionsOnPort);
        if (before.SocketDescriptors >= 0)
        {
            Assert.True(after.SocketDescriptors <= before.SocketDescriptors, $"socket descriptors: {before.SocketDescriptors} before, {after.SocketDescriptors} after");
        }

        // Each call starts two timers (attempt and operation timeouts): 20,000 in all. A leak would show by the thousand; a few belong to the host and the runtime.
        Assert.True(after.ActiveTimers <= before.ActiveTimers + 32, $"timers: {before.ActiveTimers} before, {after.ActiveTimers} after");
        Assert.Equal(0, after.PendingWorkItems);
    }

    private static async Task<List<string>> RunAsync(INeptuneDataClient client, Phase phase, ConcurrentDictionary<string, int> outcomes)
    {
        var wrong = new ConcurrentBag<string>();
        var next = -1;
        async Task CallerAsync()
        {
            while (Interlocked.Increment(ref next) < phase.Calls)
            {
                var failure = await Record.ExceptionAsync(() => client.CancelMLModelTrainingJobAsync(Cancel()));
                var name = failure?.GetType().Name ?? "success";
                outcomes.AddOrUpdate($"{phase.Fault.Kind}->{name}", 1, static (_, n) => n + 1);
                if (failure?.GetType() != phase.Expected && !(phase.Expected == typeof(NeptuneDataException) && failure is NeptuneDataException))
                {
                    wrong.Add(failure?.ToString() ?? "no exception");
                }
            }
        }

        var all = Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(CallerAsync)));
        var finished = await Task.WhenAny(all, Task.Delay(GenerousDeadline));
        Assert.True(finished == all, $"{phase.Fault.Kind}: the calls did not all end within {GenerousDeadline}.");
        await all;
        return wrong.ToList();
    }

    /// <summary>
    /// Closing is asynchronous at both ends: waits (within the generous deadline) until the counts are back down. No
    /// garbage collection is forced: a finalizer closing a socket nobody disposed would hide exactly the leak looked for.
    /// </summary>
    private static async Task<ResourceSnapshot> SettledAsync(int port, ResourceSnapshot before)
    {
        var deadline = DateTime.UtcNow + GenerousDeadline;
        while (true)
        {
            var now = ResourceSnapshot.Take(port);
            var settled = now.ConnectionsOnPort == 0 && now.SocketDescriptors <= before.SocketDescriptors
                && now.ActiveTimers <= before.ActiveTimers + 32 && now.PendingWorkItems == 0;
            if (settled || DateTime.UtcNow > deadline)
            {
                return now;
            }

            await Task.Delay(200);
        }
    }
}
