using Microsoft.Extensions.Logging;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// Every line a host logs, at every level, with the values of the scopes it was logged in: what an operator's log
/// pipeline would receive.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock _gate = new();
    private readonly List<CapturedLogEntry> _entries = [];
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Add(CapturedLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var scopeValues = new List<KeyValuePair<string, object?>>();
            var scopeTexts = new List<string>();
            logs._scopes.ForEachScope(
                (scope, _) =>
                {
                    scopeTexts.Add(scope?.ToString() ?? string.Empty);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        scopeValues.AddRange(values);
                    }
                },
                (object?)null);

            var properties = state is IEnumerable<KeyValuePair<string, object?>> own ? own.ToList() : [];
            logs.Add(new CapturedLogEntry(logLevel, category, formatter(state, exception), exception?.ToString(), properties, scopeValues, scopeTexts));
        }
    }
}
