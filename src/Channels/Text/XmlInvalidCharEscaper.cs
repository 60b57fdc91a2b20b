using System.Globalization;
using System.Text;

namespace CustomerService.Channels.Text;

/// <summary>
/// Rewrites raw XML-invalid characters in a document as character references, so that a reader with
/// <c>CheckCharacters = false</c> returns them instead of failing.
/// </summary>
/// <remarks>
/// WeChat passes user text through with raw C0 control characters. .NET's XmlReader rejects a raw U+0002 even with
/// character checking off (that setting only admits references such as <c>&amp;#2;</c>), so a raw one is turned
/// into exactly such a reference first. Inside a CDATA section, where references are not decoded, the section is
/// closed around the reference (<c>]]&gt;&amp;#2;&lt;![CDATA[</c>). In comments and processing instructions, which
/// the reader skips, the character is dropped. Nothing else changes, so the document's structure stays the same.
/// </remarks>
internal static class XmlInvalidCharEscaper
{
    private const string CDataStart = "<![CDATA[";
    private const string CDataEnd = "]]>";
    private const string CommentStart = "<!--";
    private const string CommentEnd = "-->";
    private const string PiStart = "<?";
    private const string PiEnd = "?>";

    private enum Section
    {
        Markup,
        CData,
        Comment,
        ProcessingInstruction,
    }

    /// <summary>Returns <paramref name="xml"/> itself when it has no invalid character, otherwise the rewritten text.</summary>
    public static string Escape(string xml)
    {
        if (XmlText.IndexOfInvalidChar(xml) < 0)
        {
            return xml;
        }

        var builder = new StringBuilder(xml.Length + 16);
        var section = Section.Markup;
        var index = 0;
        while (index < xml.Length)
        {
            if (TryEnterOrLeave(xml, index, ref section, out var tokenLength))
            {
                builder.Append(xml, index, tokenLength);
                index += tokenLength;
                continue;
            }

            var width = XmlText.ValidWidthAt(xml, index);
            if (width > 0)
            {
                builder.Append(xml, index, width);
                index += width;
                continue;
            }

            var reference = string.Create(CultureInfo.InvariantCulture, $"&#x{(int)xml[index]:X};");
            switch (section)
            {
                case Section.Markup:
                    builder.Append(reference);
                    break;
                case Section.CData:
                    builder.Append(CDataEnd).Append(reference).Append(CDataStart);
                    break;
                default:
                    break;
            }

            index++;
        }

        return builder.ToString();
    }

    private static bool TryEnterOrLeave(string xml, int index, ref Section section, out int tokenLength)
    {
        var rest = xml.AsSpan(index);
        (Section next, string token)? transition = section switch
        {
            Section.Markup when rest.StartsWith(CDataStart, StringComparison.Ordinal) => (Section.CData, CDataStart),
            Section.Markup when rest.StartsWith(CommentStart, StringComparison.Ordinal) => (Section.Comment, CommentStart),
            Section.Markup when rest.StartsWith(PiStart, StringComparison.Ordinal) => (Section.ProcessingInstruction, PiStart),
            Section.CData when rest.StartsWith(CDataEnd, StringComparison.Ordinal) => (Section.Markup, CDataEnd),
            Section.Comment when rest.StartsWith(CommentEnd, StringComparison.Ordinal) => (Section.Markup, CommentEnd),
            Section.ProcessingInstruction when rest.StartsWith(PiEnd, StringComparison.Ordinal) => (Section.Markup, PiEnd),
            _ => null,
        };

        if (transition is { } t)
        {
            section = t.next;
            tokenLength = t.token.Length;
            return true;
        }

        tokenLength = 0;
        return false;
    }
}
