using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Knowledge;

/// <summary>
/// The FAQ knowledge base: each distinct FAQ file is read and indexed once, on first use or by
/// <see cref="Preload"/>, and kept for the life of the process (edits need a restart). Register it as a
/// singleton; it is thread-safe.
/// </summary>
public sealed class FaqKnowledgeBase : IKnowledgeBase
{
    private readonly KnowledgeOptions _options;

    // Configured path (as written) to full path, so that resolution touches the disk once per spelling.
    private readonly ConcurrentDictionary<string, string> _resolvedPaths = new(StringComparer.Ordinal);

    // Full path to index. Lazy so that concurrent first calls read the file once instead of racing.
    private readonly ConcurrentDictionary<string, Lazy<FaqIndex>> _indexes = new(StringComparer.Ordinal);

    public FaqKnowledgeBase(IOptions<KnowledgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public KnowledgeAnswer? FindAnswer(string question, string? faqFileOverride)
    {
        ArgumentNullException.ThrowIfNull(question);

        var match = GetIndex(faqFileOverride).FindBest(question, _options.MinScore);
        return match is null
            ? null
            : new KnowledgeAnswer { Answer = match.Entry.Answer, Question = match.Entry.Question, Score = match.Score };
    }

    public int Preload(string? faqFileOverride) => GetIndex(faqFileOverride).Entries.Count;

    private FaqIndex GetIndex(string? faqFileOverride)
    {
        var configured = string.IsNullOrWhiteSpace(faqFileOverride) ? _options.FaqFile : faqFileOverride;
        if (!_resolvedPaths.TryGetValue(configured, out var fullPath))
        {
            fullPath = _resolvedPaths.GetOrAdd(configured, ResolvePath(configured));
        }

        var lazy = _indexes.GetOrAdd(
            fullPath,
            path => new Lazy<FaqIndex>(() => new FaqIndex(FaqCsvReader.ReadFile(path)), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Lazy caches the exception; drop it so that a file that is fixed (or a volume mounted late) is read
            // on the next call rather than failing until a restart.
            _indexes.TryRemove(new KeyValuePair<string, Lazy<FaqIndex>>(fullPath, lazy));
            throw;
        }
    }

    /// <summary>
    /// A fully qualified path as is; a relative one against the current directory first (an operator's own file next to
    /// where the host runs), then against <see cref="AppContext.BaseDirectory"/> (the shipped sample, which a
    /// host started from another directory would not find otherwise).
    /// </summary>
    private static string ResolvePath(string configured)
    {
        if (Path.IsPathFullyQualified(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"FAQ file '{configured}' does not exist.", configured);
        }

        var fromCurrentDirectory = Path.GetFullPath(configured, Directory.GetCurrentDirectory());
        if (File.Exists(fromCurrentDirectory))
        {
            return fromCurrentDirectory;
        }

        var fromBaseDirectory = Path.GetFullPath(configured, AppContext.BaseDirectory);
        if (File.Exists(fromBaseDirectory))
        {
            return fromBaseDirectory;
        }

        throw new FileNotFoundException(
            $"FAQ file '{configured}' does not exist; looked for '{fromCurrentDirectory}' and '{fromBaseDirectory}'.",
            configured);
    }
}
