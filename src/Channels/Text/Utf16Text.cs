using System.Text;

namespace CustomerService.Channels.Text;

/// <summary>Repairs UTF-16 text that arrived with lone surrogates (a character reference such as <c>&amp;#xD800;</c>).</summary>
public static class Utf16Text
{
    /// <summary>
    /// Replaces each unpaired surrogate with U+FFFD. Text with lone surrogates cannot be normalised, encoded as UTF-8
    /// or written as JSON (grain state), so every text from outside is repaired once, at the edge.
    /// </summary>
    /// <returns>The same instance when nothing needed repair.</returns>
    public static string ReplaceLoneSurrogates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstBad = FindLoneSurrogate(text, 0);
        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Repairs <paramref name="text"/> when it is not null.</summary>
    public static string? ReplaceLoneSurrogatesOrNull(string? text) => text is null ? null : ReplaceLoneSurrogates(text);

    private static int FindLoneSurrogate(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
