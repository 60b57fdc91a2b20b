using System.Buffers;

namespace CustomerService.Grains.Knowledge;

/// <summary>
/// An immutable, thread-safe index of FAQ entries that finds the entry whose question (or similar phrasing) is
/// closest to a user message.
/// </summary>
/// <remarks>
/// <para>
/// Each phrasing becomes a set of tokens (<see cref="FaqTokenizer"/>: CJK character bigrams, whole words
/// otherwise). With Q the query's tokens, P a phrasing's tokens and I = |Q ∩ P|:
/// </para>
/// <code>
/// dice     = 2·I / (|Q| + |P|)
/// coverage = I / |P|
/// score    = (dice + coverage) / 2
/// </code>
/// <para>
/// Dice alone punishes the words users add around a question: "下单后几天能发货啊" against "下单后多久能发货"
/// has Dice 0.73 although it covers every token of the phrasing. Coverage alone would give 1 to any long
/// message that happens to contain a short phrasing such as 发货. The mean scores that example 0.86 and keeps
/// an exact match at 1. The best phrasing wins; on equal scores the earlier entry (and within it the earlier
/// phrasing) wins, so that the file's order decides, never hashing.
/// </para>
/// <para>
/// Token sets are built once. A query costs its own tokenisation plus one counter per phrasing, found through a
/// dictionary from token to the phrasings that contain it.
/// </para>
/// </remarks>
public sealed class FaqIndex
{
    private readonly FaqEntry[] _entries;
    private readonly int[] _phrasingEntries;
    private readonly string[] _phrasings;
    private readonly int[] _phrasingTokenCounts;
    private readonly Dictionary<string, int[]> _phrasingsByToken;

    public FaqIndex(IEnumerable<FaqEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        _entries = [.. entries];
        var phrasingEntries = new List<int>();
        var phrasings = new List<string>();
        var tokenCounts = new List<int>();
        var phrasingsByToken = new Dictionary<string, List<int>>(StringComparer.Ordinal);

        for (var entryId = 0; entryId < _entries.Length; entryId++)
        {
            var entry = _entries[entryId] ?? throw new ArgumentException("An FAQ entry is null.", nameof(entries));
            foreach (var phrasing in entry.Similar.Prepend(entry.Question))
            {
                var tokens = FaqTokenizer.Tokenize(phrasing);
                if (tokens.Count == 0)
                {
                    // Punctuation only: it cannot match anything, and a zero count would divide by zero.
                    continue;
                }

                var phrasingId = phrasings.Count;
                phrasingEntries.Add(entryId);
                phrasings.Add(phrasing);
                tokenCounts.Add(tokens.Count);
                foreach (var token in tokens)
                {
                    if (!phrasingsByToken.TryGetValue(token, out var ids))
                    {
                        ids = [];
                        phrasingsByToken.Add(token, ids);
                    }

                    ids.Add(phrasingId);
                }
            }
        }

        _phrasingEntries = [.. phrasingEntries];
        _phrasings = [.. phrasings];
        _phrasingTokenCounts = [.. tokenCounts];
        _phrasingsByToken = phrasingsByToken.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The indexed entries, in their original order.</summary>
    public IReadOnlyList<FaqEntry> Entries => _entries;

    /// <summary>
    /// The entry that best matches <paramref name="query"/>, or null when the best score is below
    /// <paramref name="minScore"/>, when nothing matches at all, or when the query has no letters or digits.
    /// </summary>
    /// <param name="query">The user's message.</param>
    /// <param name="minScore">The lowest accepted score, from 0 to 1.</param>
    public FaqMatch? FindBest(string query, double minScore)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!(minScore >= 0 && minScore <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "The minimum score must be from 0 to 1.");
        }

        var queryTokens = FaqTokenizer.Tokenize(query);
        if (queryTokens.Count == 0 || _phrasings.Length == 0)
        {
            return null;
        }

        var sharedCounts = ArrayPool<int>.Shared.Rent(_phrasings.Length);
        try
        {
            Array.Clear(sharedCounts, 0, _phrasings.Length);
            foreach (var token in queryTokens)
            {
                if (_phrasingsByToken.TryGetValue(token, out var phrasingIds))
                {
                    foreach (var phrasingId in phrasingIds)
                    {
                        sharedCounts[phrasingId]++;
                    }
                }
            }

            var bestId = -1;
            var bestScore = 0.0;
            for (var phrasingId = 0; phrasingId < _phrasings.Length; phrasingId++)
            {
                var shared = sharedCounts[phrasingId];
                if (shared == 0)
                {
                    continue;
                }

                var score = Score(shared, queryTokens.Count, _phrasingTokenCounts[phrasingId]);

                // Strictly greater: phrasings are visited in file order, so the earlier one keeps a tie.
                if (score > bestScore)
                {
                    bestScore = score;
                    bestId = phrasingId;
                }
            }

            if (bestId < 0 || bestScore < minScore)
            {
                return null;
            }

            return new FaqMatch
            {
                Entry = _entries[_phrasingEntries[bestId]],
                Phrasing = _phrasings[bestId],
                Score = bestScore,
            };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sharedCounts);
        }
    }

    private static double Score(int shared, int queryTokenCount, int phrasingTokenCount)
    {
        var dice = 2.0 * shared / (queryTokenCount + phrasingTokenCount);
        var coverage = (double)shared / phrasingTokenCount;
        return (dice + coverage) / 2;
    }
}
