using System.Text.RegularExpressions;
using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Decides whether a message asks for a human agent.
/// </summary>
/// <remarks>
/// Matching: the text is normalised (NFKC, lower case, whitespace and punctuation removed). It is a request when
/// it contains a keyword that is not directly preceded by a negation word (不要人工, 不用转人工 are refusals), and
/// the message is short (at most <see cref="MaxRequestLength"/> characters after normalisation), so that a long
/// question that merely mentions 人工 still goes to the FAQ and the model. Words such as 人工智能 and 人工费 are
/// never a request.
/// </remarks>
public sealed partial class HandoffDetector
{
    public const int MaxRequestLength = 16;

    /// <summary>Characters allowed between a negation and the keyword it negates.</summary>
    public const int MaxWordsBetween = 2;

    // Words that contain 人工 but are not about a human agent: artificial intelligence, labour cost, artificial.
    private static readonly string[] NotAboutAgents = ["人工智能", "人工费", "人工成本", "人工合成"];

    private readonly string[] _keywords;
    private readonly string[] _negations;

    public HandoffDetector(IEnumerable<string> keywords, IEnumerable<string> negations)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(negations);
        // Longest first, so that 人工客服 is preferred to 人工 when reporting the match.
        _keywords = [.. keywords.Select(Normalize).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(k => k.Length)];
        _negations = [.. negations.Select(Normalize).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public bool IsRequest(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var whole = Normalize(text);
        if (whole.Length == 0 || whole.Length > MaxRequestLength)
        {
            return false;
        }

        // The whole message first (punctuation inside a keyword, 人，工, does not hide it); then clause by clause,
        // because a negation reaches only within its clause: 不要等了，转人工 asks for a human, 不要帮我转人工 does not.
        if (IsRequestClause(whole))
        {
            return true;
        }

        foreach (var clause in ClauseBreak().Split(text))
        {
            if (IsRequestClause(Normalize(clause)))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsRequestClause(string normalized)
    {
        foreach (var word in NotAboutAgents)
        {
            normalized = normalized.Replace(word, string.Empty, StringComparison.Ordinal);
        }

        // Longest keywords first; a negated occurrence also covers the shorter keywords inside it (the 人工 of a
        // negated 转人工), so that 不要帮我转人工 is not read as a bare 人工.
        var negatedSpans = new List<(int Start, int End)>();
        foreach (var keyword in _keywords)
        {
            var index = normalized.IndexOf(keyword, StringComparison.Ordinal);
            while (index >= 0)
            {
                var end = index + keyword.Length;
                var covered = negatedSpans.Exists(span => index >= span.Start && end <= span.End);
                if (!covered)
                {
                    if (!IsNegated(normalized, index))
                    {
                        return true;
                    }

                    negatedSpans.Add((index, end));
                }

                index = normalized.IndexOf(keyword, index + 1, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private bool IsNegated(string normalized, int keywordIndex)
    {
        var before = normalized.AsSpan(0, keywordIndex);
        foreach (var negation in _negations)
        {
            // The negation may sit right before the keyword or up to a two-character verb before it
            // (不要人工, 不用转人工, 不要转接人工).
            var at = before.LastIndexOf(negation, StringComparison.Ordinal);
            if (at >= 0 && keywordIndex - (at + negation.Length) <= MaxWordsBetween)
            {
                return true;
            }
        }

        return false;
    }

    // The FAQ's normalisation (NFKC, lower case, letters and digits only), so that both read a message alike.
    internal static string Normalize(string text) => ChineseTextNormalizer.Normalize(text);

    // Clause breaks: sentence and clause punctuation (ASCII and full-width) and line breaks.
    [GeneratedRegex(@"[,.;!?，。；！？、\r\n]+")]
    private static partial Regex ClauseBreak();
}
