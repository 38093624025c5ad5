using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>
/// A fake clock for the pipeline's waits and timeouts; no test sleeps for real.
/// <list type="bullet">
/// <item>Auto mode: every timer fires as soon as it is armed, the clock jumping forward by its due time, and every wait is
/// recorded in <see cref="Waits"/>. For retry tests, whose timeouts are turned off, so the only timers are backoff waits.</item>
/// <item>Manual mode: timers fire when <see cref="Advance"/> moves the clock past their due time.</item>
/// </list>
/// </summary>
internal sealed class TestClock(DateTimeOffset start, bool autoAdvance) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = new();
    private readonly List<TimeSpan> _waits = new();
    private DateTimeOffset _now = start;

    /// <summary>Every finite due time a timer was armed with, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return _waits.ToArray();
            }
        }
    }

    /// <summary>Timers armed and not yet fired or disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward and fires (on this thread) every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due).ToList();
            foreach (var timer in due)
            {
                timer.Due = null;
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>Waits (for real, briefly) until at least <paramref name="count"/> timers are pending.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (PendingTimers < count)
        {
            await Task.Delay(1, limit.Token);
        }
    }

    private void Arm(Timer timer, TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                timer.Due = null;
            }

            return;
        }

        if (!autoAdvance)
        {
            lock (_gate)
            {
                timer.Due = _now + dueTime;
            }

            return;
        }

        lock (_gate)
        {
            _waits.Add(dueTime);
            _now += dueTime;
            timer.Due = null;
        }

        // Fire on another thread: the caller is still inside CreateTimer or Change.
        ThreadPool.QueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
    }

    private sealed class Timer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            clock.Arm(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
