using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Neptune.CodeGen.Runtime.Tests.Telemetry;

/// <summary>One captured log entry: level, event, the formatted message and every structured value.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
{
    public object? Value(string name) => Values.FirstOrDefault(v => v.Key == name).Value;

    /// <summary>Everything the entry would put in a log sink, as text.</summary>
    public string AllText => string.Join(" | ", new[] { Message, Exception?.ToString() ?? "" }.Concat(Values.Select(v => $"{v.Key}={v.Value}")));
}

/// <summary>An ILoggerFactory that keeps every entry of every logger it made.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly List<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries
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

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            lock (factory._entries)
            {
                factory._entries.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), values.ToList(), exception));
            }
        }
    }
}
