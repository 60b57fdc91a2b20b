using System.Text;

namespace CustomerService.Channels.Text;

/// <summary>
/// Helpers for putting arbitrary text (user input, LLM output) into XML 1.0 documents.
/// </summary>
/// <remarks>
/// WeChat passes user text through with C0 control characters, and LLM output can contain them too; embedding such
/// a character in a reply makes the document invalid XML and WeChat then shows the user
/// 「该公众号暂时无法提供服务，请稍后再试」 (pitfall P6). XML 1.0 allows only
/// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] (https://www.w3.org/TR/xml/#charsets).
/// </remarks>
public static class XmlText
{
    /// <summary>
    /// Removes every character not allowed in XML 1.0: C0 controls other than tab, line feed and carriage return,
    /// U+FFFE, U+FFFF and lone surrogates. Valid surrogate pairs are kept.
    /// </summary>
    /// <param name="text">The text to clean.</param>
    /// <returns>The same instance when nothing had to be removed, otherwise a new string.</returns>
    public static string StripInvalidChars(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var firstInvalid = IndexOfInvalidChar(text);
        if (firstInvalid < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstInvalid);
        var index = firstInvalid;
        while (index < text.Length)
        {
            var width = ValidWidthAt(text, index);
            if (width > 0)
            {
                builder.Append(text, index, width);
                index += width;
            }
            else
            {
                index++;
            }
        }

        return builder.ToString();
    }

    /// <summary>Returns the index of the first XML-invalid character, or -1.</summary>
    internal static int IndexOfInvalidChar(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            var width = ValidWidthAt(text, index);
            if (width == 0)
            {
                return index;
            }

            index += width;
        }

        return -1;
    }

    /// <summary>Returns 1 or 2 (a surrogate pair) for a valid character at index, 0 for an invalid one.</summary>
    internal static int ValidWidthAt(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 0;
        }

        if (char.IsLowSurrogate(c))
        {
            return 0;
        }

        var valid = c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uFFFD');
        return valid ? 1 : 0;
    }
}
