namespace CustomerService.Grains.Knowledge;

/// <summary>
/// An FAQ file that cannot be used: bad header, malformed CSV, a row without question or answer, or text that is
/// not UTF-8. It is a configuration error, meant to stop the host at startup (see
/// <see cref="IKnowledgeBase.Preload"/>).
/// </summary>
public sealed class FaqFormatException : Exception
{
    public FaqFormatException()
        : this("The FAQ file is invalid.")
    {
    }

    public FaqFormatException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public FaqFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public FaqFormatException(string sourceName, long? lineNumber, string problem, Exception? innerException = null)
        : base(FormatMessage(sourceName, lineNumber, problem), innerException)
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
    }

    /// <summary>The file (or other source) that was being read.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line where the offending record starts, or null when the problem has no line.</summary>
    public long? LineNumber { get; }

    private static string FormatMessage(string sourceName, long? lineNumber, string problem) =>
        lineNumber is { } line
            ? $"FAQ file '{sourceName}', line {line}: {problem}"
            : $"FAQ file '{sourceName}': {problem}";
}
