using System;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Faults;

/// <summary>
/// The fault tests measure the whole process (allocated bytes, sockets, timers), so they run alone: after every
/// parallel collection, with nothing else in the process sending or allocating.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults (measured alone)";
}

internal static class FaultTestSupport
{
    /// <summary>
    /// The only time bound of these tests: generous, so a slow machine never fails them; a hung call still does.
    /// The calls themselves end by the client's own timeouts, which are much shorter.
    /// </summary>
    public static readonly TimeSpan GenerousDeadline = TimeSpan.FromMinutes(2);

    public static CancelMLModelTrainingJobRequest Cancel(string id = "job-1") => new() { Id = id };

    /// <summary>Client timeouts and retries stated here, so no AWS_* variable on the machine changes them.</summary>
    public static Action<NeptuneDataClientOptions> Settings(int maxAttempts, TimeSpan attemptTimeout, int? maxResponseBufferSize = null) => options =>
    {
        options.Retry = new RetryOptions { MaxAttempts = maxAttempts, Mode = RetryMode.Standard, MaxBackoff = TimeSpan.FromMilliseconds(50) };
        options.AttemptTimeout = attemptTimeout;
        options.OperationTimeout = TimeSpan.FromSeconds(60);
        if (maxResponseBufferSize is { } limit)
        {
            options.MaxResponseBufferSize = limit;
        }
    };

    /// <summary>Runs a call that must fail, before <see cref="GenerousDeadline"/>, with exactly <typeparamref name="TException"/>.</summary>
    public static async Task<TException> FailsWith<TException>(Func<Task> call)
        where TException : Exception
    {
        var task = call();
        var finished = await Task.WhenAny(task, Task.Delay(GenerousDeadline));
        Assert.True(finished == task, $"The call did not end within {GenerousDeadline}: the client's timeouts should have ended it.");
        return await Assert.ThrowsAsync<TException>(() => task);
    }

    public static async Task<EmulatorSession> StartWithJobAsync()
    {
        var session = await EmulatorSession.StartAsync();
        session.Emulator.AddTrainingJob("job-1");
        return session;
    }
}
