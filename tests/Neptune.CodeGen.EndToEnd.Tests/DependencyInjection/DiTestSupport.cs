using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Neptune.CodeGen.EndToEnd.Tests.DependencyInjection;

/// <summary>A clock that moves forward by <paramref name="step"/> every time it is read, so no two signatures share a time.</summary>
internal sealed class SteppingClock(TimeSpan step) : TimeProvider
{
    private readonly DateTimeOffset _start = TimeProvider.System.GetUtcNow();
    private long _reads;

    public override DateTimeOffset GetUtcNow() => _start + step * Interlocked.Increment(ref _reads);
}

/// <summary>A clock a fixed distance ahead of the system clock.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + offset;
}

/// <summary>
/// A hand-written retrying handler, as an application might add to the client's HttpClient: after a 5xx it sends the very
/// same <see cref="HttpRequestMessage"/> once more (as Microsoft.Extensions.Http.Resilience does, dotnet/extensions #6167).
/// </summary>
internal sealed class ResendSameMessageOn5xxHandler : DelegatingHandler
{
    private readonly List<HttpRequestMessage> _sent = new();

    public IReadOnlyList<HttpRequestMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToArray();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Record(request);
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode < 500)
        {
            return response;
        }

        response.Dispose();
        Record(request);
        return await base.SendAsync(request, cancellationToken);
    }

    private void Record(HttpRequestMessage request)
    {
        lock (_sent)
        {
            _sent.Add(request);
        }
    }
}

/// <summary>Collects every log message written through the loggers it provides.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
