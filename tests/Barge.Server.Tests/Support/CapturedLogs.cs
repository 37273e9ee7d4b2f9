using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Tests.Support;

/// <summary>An in-memory logger provider: every entry a server logs, with its structured fields, for tests to read.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception);

    public IReadOnlyList<Entry> Entries => _entries.ToArray();

    /// <summary>Adds this provider to a server's logging (<c>TestServer.StartAsync(logging: logs.AddTo)</c>).</summary>
    public void AddTo(ILoggingBuilder logging) => logging.AddProvider(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), fields, exception));
        }
    }
}
