using Microsoft.Extensions.Logging;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>One logged line: its message, its own structured values, and those of the scopes around it.</summary>
public sealed record CapturedLogEntry(
    LogLevel Level,
    string Category,
    string Message,
    string? Exception,
    IReadOnlyList<KeyValuePair<string, object?>> Properties,
    IReadOnlyList<KeyValuePair<string, object?>> ScopeValues,
    IReadOnlyList<string> ScopeTexts)
{
    /// <summary>The value of a scope property, innermost scope first; null when no scope has it.</summary>
    public string? Scope(string name) =>
        ScopeValues.LastOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value?.ToString();

    /// <summary>Everything a log sink could write for this line.</summary>
    public string AllText => string.Join(
        '\n',
        new[] { Category, Message, Exception ?? string.Empty }
            .Concat(Properties.Select(p => $"{p.Key}={p.Value}"))
            .Concat(ScopeValues.Select(p => $"{p.Key}={p.Value}"))
            .Concat(ScopeTexts));
}
