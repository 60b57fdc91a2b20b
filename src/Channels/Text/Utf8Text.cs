using System.Globalization;
using System.Text;

namespace CustomerService.Channels.Text;

/// <summary>
/// UTF-8 byte arithmetic for platform text limits.
/// </summary>
/// <remarks>
/// WeChat and WeCom count text limits in UTF-8 bytes (about 2048 for a passive or custom-send text reply), while a
/// .NET <see cref="string"/> counts UTF-16 code units, so <see cref="string.Length"/> is the wrong measure. Cutting
/// must happen between text elements (extended grapheme clusters) so that a surrogate pair, an emoji ZWJ sequence,
/// a flag or a skin-tone modifier is never broken into mojibake. See "Length / size limits" in the protocol notes
/// and https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html.
/// </remarks>
public static class Utf8Text
{
    /// <summary>Returns the number of bytes <paramref name="s"/> takes in UTF-8 (lone surrogates count as U+FFFD).</summary>
    /// <param name="s">The text to measure.</param>
    /// <returns>The UTF-8 byte count.</returns>
    public static int ByteCount(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Encoding.UTF8.GetByteCount(s);
    }

    /// <summary>
    /// Returns the longest prefix of <paramref name="text"/> made of whole text elements whose UTF-8 size is at most
    /// <paramref name="maxBytes"/>.
    /// </summary>
    /// <param name="text">The text to shorten.</param>
    /// <param name="maxBytes">The byte budget; zero yields an empty string.</param>
    /// <returns><paramref name="text"/> itself when it already fits, otherwise the truncated prefix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    public static string TruncateToBytes(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var used = 0;
        var index = 0;
        while (index < text.Length)
        {
            // StringInfo follows UAX #29 extended grapheme clusters (.NET 5+), which keeps ZWJ families, regional
            // indicator pairs and emoji modifiers together.
            var length = StringInfo.GetNextTextElementLength(text, index);
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(index, length));
            if (used + bytes > maxBytes)
            {
                break;
            }

            used += bytes;
            index += length;
        }

        return text[..index];
    }

    /// <summary>
    /// Joins <paramref name="first"/>, <paramref name="separator"/> and <paramref name="second"/> and truncates the
    /// result with <see cref="TruncateToBytes"/>.
    /// </summary>
    /// <remarks>
    /// Used to put a late answer in front of a new one within one passive reply: whatever does not fit is cut from the
    /// end, so the older answer survives first.
    /// </remarks>
    /// <param name="first">The text that comes first.</param>
    /// <param name="separator">The text between the two parts.</param>
    /// <param name="second">The text that comes last.</param>
    /// <param name="maxBytes">The byte budget for the whole result.</param>
    /// <returns>The joined, possibly truncated text.</returns>
    public static string JoinWithinBytes(string first, string separator, string second, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(separator);
        ArgumentNullException.ThrowIfNull(second);
        return TruncateToBytes(string.Concat(first, separator, second), maxBytes);
    }
}
