using System.Globalization;
using System.Text;
using CustomerService.Channels.Text;

namespace CustomerService.Grains.Knowledge;

/// <summary>
/// Normalises text for FAQ matching: NFKC (full-width letters, digits and punctuation become their half-width
/// forms, so "ＡＢＣ１２３" equals "abc123"), invariant lower case, and only letters and digits kept. CJK
/// ideographs are letters; whitespace, punctuation of every script (，。？！、“”（）【】 and ASCII), symbols and
/// emoji are removed.
/// </summary>
internal static class ChineseTextNormalizer
{
    /// <summary>The normalised form of <paramref name="text"/>; empty when nothing in it can be matched.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var folded = Fold(text);
        var builder = new StringBuilder(folded.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in folded.EnumerateRunes())
        {
            if (IsKept(rune))
            {
                builder.Append(buffer[..rune.EncodeToUtf16(buffer)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>NFKC and invariant lower case, without removing anything: the first step of matching.</summary>
    /// Lone surrogates (which NFKC refuses with an exception) become U+FFFD first, and are then dropped as non-letters.
    internal static string Fold(string text) =>
        Utf16Text.ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>Whether a rune survives normalisation: letters (CJK ideographs included) and digits.</summary>
    internal static bool IsKept(Rune rune) => Rune.IsLetterOrDigit(rune);

    /// <summary>
    /// Whether a kept rune belongs to a script written without spaces between words (Han, kana, Hangul): those
    /// are tokenised as character bigrams, the others as whole words.
    /// </summary>
    internal static bool IsUnspacedScript(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter;
}
