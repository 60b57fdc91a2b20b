using System.Globalization;
using System.Text;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Decides whether a message asks for a human agent.
/// </summary>
/// <remarks>
/// Matching: the text is normalised (NFKC, lower case, whitespace and punctuation removed). It is a request when
/// it contains a keyword that is not directly preceded by a negation word (不要人工, 不用转人工 are refusals), and
/// the message is short (at most <see cref="MaxRequestLength"/> characters after normalisation), so that a long
/// question that merely mentions 人工 still goes to the FAQ and the model. 人工智能 is never a request.
/// </remarks>
public sealed class HandoffDetector
{
    public const int MaxRequestLength = 16;

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

        // 人工智能 (artificial intelligence) contains 人工 but asks about the bot, not for a human.
        var normalized = Normalize(text).Replace("人工智能", string.Empty, StringComparison.Ordinal);
        if (normalized.Length == 0 || normalized.Length > MaxRequestLength)
        {
            return false;
        }

        foreach (var keyword in _keywords)
        {
            var index = normalized.IndexOf(keyword, StringComparison.Ordinal);
            while (index >= 0)
            {
                if (!IsNegated(normalized, index))
                {
                    return true;
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
            // The negation may sit right before the keyword or one verb before it (不要转人工, 不用找人工).
            var at = before.LastIndexOf(negation, StringComparison.Ordinal);
            if (at >= 0 && keywordIndex - (at + negation.Length) <= 1)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || category == UnicodeCategory.Control)
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
