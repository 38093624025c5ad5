using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.CodeGen.Runtime.Retries;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>
/// An emulator on a fake clock and a generated client that signs with the same clock, so that jobs, loads and queries move
/// forward with <see cref="Advance"/> instead of waiting. One attempt per call, so every error is from exactly one request.
/// </summary>
internal sealed class ClockedEmulator : IAsyncDisposable
{
    private ClockedEmulator(EmulatorSession session, FakeTimeProvider clock)
    {
        Session = session;
        Clock = clock;
        Client = session.CreateClient(session.Credentials, options =>
        {
            options.TimeProvider = clock;
            options.Retry = new RetryOptions { MaxAttempts = 1 };
        });
    }

    public EmulatorSession Session { get; }

    public FakeTimeProvider Clock { get; }

    public NeptuneEmulator Emulator => Session.Emulator;

    public NeptuneDataClient Client { get; }

    /// <summary>Starts near real time (so the emulator's skew check and the signature agree) on a clock that only moves when told.</summary>
    public static async Task<ClockedEmulator> StartAsync(Func<NeptuneEmulatorOptions, NeptuneEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));
        var options = new NeptuneEmulatorOptions { TimeProvider = clock };
        return new ClockedEmulator(await EmulatorSession.StartAsync(configure is null ? options : configure(options)), clock);
    }

    public long NowInMillis => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>
    /// Awaits a call that must fail and checks the typed exception against the one request it sent: the error code the
    /// emulator recorded, the status, the request id from the response, and a signature the emulator accepted.
    /// </summary>
    public async Task<TException> ThrowsAsync<TException>(Func<Task> call, string errorCode, HttpStatusCode statusCode)
        where TException : NeptuneDataException
    {
        var before = Emulator.ReceivedRequests.Count;
        var exception = await Assert.ThrowsAsync<TException>(call);
        var requests = Emulator.ReceivedRequests;
        Assert.True(requests.Count == before + 1, $"Expected one request for the failing call:\n{EmulatorSession.Describe(requests)}");
        var request = requests[^1];
        SigV4Header.AssertAccepted(request);
        Assert.Equal(errorCode, request.ErrorCode);
        Assert.Equal(errorCode, exception.ErrorCode);
        Assert.Equal(statusCode, exception.StatusCode);
        Assert.Equal((int)statusCode, request.StatusCode);
        Assert.Equal(request.RequestId, exception.RequestId);
        Assert.False(string.IsNullOrEmpty(exception.RequestId));
        return exception;
    }

    /// <summary>The emulator answers the next request with this throttling error, as Neptune does under load.</summary>
    public void ThrottleNextRequest() => Emulator.EnqueueFault(429, "TooManyRequestsException", "Rate exceeded.");

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
