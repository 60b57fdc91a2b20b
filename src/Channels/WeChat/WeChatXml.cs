using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using CustomerService.Channels.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// A hardened reader for WeChat's flat <c>&lt;xml&gt;…&lt;/xml&gt;</c> documents (pushes, encrypted envelopes and
/// passive replies).
/// </summary>
/// <remarks>
/// <para>
/// DTDs are prohibited and no resolver is set, so external entities (XXE) and entity expansion cannot happen.
/// Character checking is off because WeChat passes user text through with C0 control characters, raw or as
/// <c>&amp;#2;</c>; rejecting them would drop real messages (pitfall P15). .NET's reader rejects a raw control
/// character even then, so raw ones are first rewritten as character references; either way the value read
/// contains the character (strip it with <see cref="Channels.Text.XmlText.StripInvalidChars"/> where it matters). Comments and processing instructions are
/// skipped, CDATA is optional (WeCom's plaintext has none), and a leading BOM or whitespace is tolerated.
/// </para>
/// <para>
/// Formats: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html,
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html and
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html.
/// </para>
/// </remarks>
public static class WeChatXml
{
    /// <summary>The largest document accepted, in characters. Real pushes are a few kilobytes.</summary>
    public const long MaxDocumentCharacters = 1024 * 1024;

    /// <summary>The name of the root element of every WeChat document.</summary>
    public const string RootElementName = "xml";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = MaxDocumentCharacters,
    };

    private static readonly IReadOnlyDictionary<string, string> Empty =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the direct children of the <c>&lt;xml&gt;</c> root into a case-insensitive name → text map.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Each leaf child's value is its text exactly as written (text, CDATA and whitespace concatenated,
    /// entities decoded). An empty element gives an empty string.</item>
    /// <item>Children that themselves contain elements (<c>ScanCodeInfo</c>, <c>SendPicsInfo</c>,
    /// <c>SendLocationInfo</c>) are skipped: they are not in the map, because flattening their text would produce
    /// values that mean nothing.</item>
    /// <item>Names are matched with <see cref="StringComparer.OrdinalIgnoreCase"/> because the platform is
    /// inconsistent (<c>MsgId</c> in messages, <c>MsgID</c> in TEMPLATESENDJOBFINISH; pitfall P14).</item>
    /// <item>When a name occurs twice, the last occurrence wins.</item>
    /// </list>
    /// </remarks>
    /// <param name="xml">The document text.</param>
    /// <param name="fields">The fields; empty on failure.</param>
    /// <param name="error">
    /// On failure a short, log-safe reason that never echoes the payload: "empty document", "malformed XML",
    /// "DTD not allowed", "document too large" or "root element must be &lt;xml&gt;".
    /// </param>
    /// <returns><see langword="true"/> when the document was read.</returns>
    public static bool TryParseFields(
        string xml,
        out IReadOnlyDictionary<string, string> fields,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(xml);
        fields = Empty;

        // A BOM or a newline before "<?xml" would otherwise be an error ("XML declaration must be the first node").
        var trimmed = xml.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            error = "empty document";
            return false;
        }

        if (trimmed.Length > MaxDocumentCharacters)
        {
            error = "document too large";
            return false;
        }

        try
        {
            using var stringReader = new StringReader(XmlInvalidCharEscaper.Escape(trimmed));
            using var reader = XmlReader.Create(stringReader, Settings);

            if (reader.MoveToContent() != XmlNodeType.Element || !string.Equals(reader.Name, RootElementName, StringComparison.Ordinal))
            {
                error = "root element must be <xml>";
                return false;
            }

            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!reader.IsEmptyElement)
            {
                ReadChildren(reader, result);
            }

            // Read to the end so that trailing garbage or a second root is reported as malformed.
            while (reader.Read())
            {
            }

            fields = result;
            error = null;
            return true;
        }
        catch (XmlException)
        {
            error = ErrorFor(trimmed);
            return false;
        }
    }

    private static void ReadChildren(XmlReader reader, Dictionary<string, string> result)
    {
        var rootDepth = reader.Depth;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == rootDepth)
            {
                return;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.Depth != rootDepth + 1)
            {
                continue;
            }

            var name = reader.Name;
            if (reader.IsEmptyElement)
            {
                result[name] = string.Empty;
                continue;
            }

            if (TryReadLeafText(reader, out var text))
            {
                result[name] = text;
            }
        }
    }

    // Reads up to the child's end tag. Returns false (value skipped) when the child contains elements.
    private static bool TryReadLeafText(XmlReader reader, out string text)
    {
        var childDepth = reader.Depth;
        var builder = new StringBuilder();
        var hasElements = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == childDepth)
            {
                break;
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    hasElements = true;
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    builder.Append(reader.Value);
                    break;
                default:
                    break;
            }
        }

        text = builder.ToString();
        return !hasElements;
    }

    private static string ErrorFor(string xml)
    {
        // XmlReader reports a prohibited DTD as a plain XmlException; the DOCTYPE keyword is case-sensitive in XML,
        // so its presence is what distinguishes that case. The exception text is never returned: it can quote the
        // payload.
        if (xml.Contains("<!DOCTYPE", StringComparison.Ordinal))
        {
            return "DTD not allowed";
        }

        return "malformed XML";
    }
}
