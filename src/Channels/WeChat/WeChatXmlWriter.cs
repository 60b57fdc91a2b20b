using System.Text;
using CustomerService.Channels.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>Writes the flat, CDATA-wrapped XML that WeChat expects in replies and callbacks.</summary>
internal static class WeChatXmlWriter
{
    /// <summary>
    /// Appends <c>&lt;name&gt;&lt;![CDATA[value]]&gt;&lt;/name&gt;</c>, with XML-invalid characters removed and every
    /// <c>]]&gt;</c> split across two CDATA sections so that the text cannot end the section early.
    /// </summary>
    public static StringBuilder AppendCData(this StringBuilder builder, string name, string value)
    {
        var safe = XmlText.StripInvalidChars(value).Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal);
        return builder.Append('<').Append(name).Append("><![CDATA[").Append(safe).Append("]]></").Append(name).Append('>');
    }

    /// <summary>Appends <c>&lt;name&gt;digits&lt;/name&gt;</c>.</summary>
    public static StringBuilder AppendNumber(this StringBuilder builder, string name, long value) =>
        builder.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append('>');

    /// <summary>Builds the encrypted envelope used for replies (and, with the same shape, by the decoder).</summary>
    public static string BuildEncryptedReplyEnvelope(string encrypt, string msgSignature, string timestamp, string nonce) =>
        new StringBuilder("<xml>")
            .AppendCData("Encrypt", encrypt)
            .AppendCData("MsgSignature", msgSignature)
            .Append("<TimeStamp>").Append(timestamp).Append("</TimeStamp>")
            .AppendCData("Nonce", nonce)
            .Append("</xml>")
            .ToString();
}
