using System.Globalization;
using System.Text;
using CustomerService.Channels.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// Builds the passive reply (the HTTP response body) to an Official Account push, encrypted when the request was.
/// </summary>
/// <remarks>
/// <para>
/// Text reply shape and the 5-second rule: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html.
/// Encrypted envelope (<c>Encrypt</c>, <c>MsgSignature</c> over token, TimeStamp, Nonce and Encrypt, <c>TimeStamp</c>,
/// <c>Nonce</c>): https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html.
/// </para>
/// <para>
/// The encoder does not truncate: the caller limits the content (about 2048 UTF-8 bytes, see
/// <see cref="Utf8Text"/>). Compatible mode accepts either form; this encoder encrypts there too, so that a
/// reply never travels in plaintext when the account asked for encryption. Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class WeChatReplyEncoder
{
    /// <summary>
    /// The body that acknowledges a push without a passive reply (an empty body works too). It is never encrypted.
    /// </summary>
    public const string Success = "success";

    private readonly WeChatAccountSecrets _account;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatMessageCrypto _crypto;

    /// <summary>Creates an encoder for one account.</summary>
    /// <param name="account">The account's AppId, Token and EncodingAESKey.</param>
    /// <param name="timeProvider">The clock for <c>CreateTime</c> and <c>TimeStamp</c>.</param>
    /// <exception cref="ArgumentException">The token or AppId is empty, or the EncodingAESKey is invalid.</exception>
    public WeChatReplyEncoder(WeChatAccountSecrets account, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(account.Token, nameof(account));

        _account = account;
        _timeProvider = timeProvider;
        _crypto = new WeChatMessageCrypto(account.EncodingAesKey, account.AppId);
    }

    /// <summary>Builds a plaintext text reply.</summary>
    /// <param name="toUser">The user's OpenID (the push's <c>FromUserName</c>).</param>
    /// <param name="fromUser">Our account's original id (the push's <c>ToUserName</c>).</param>
    /// <param name="createTime">Unix seconds.</param>
    /// <param name="content">The reply text; XML-invalid characters are removed and <c>]]&gt;</c> is escaped.</param>
    /// <returns>The reply XML.</returns>
    public static string BuildTextReplyXml(string toUser, string fromUser, long createTime, string content)
    {
        ArgumentNullException.ThrowIfNull(toUser);
        ArgumentNullException.ThrowIfNull(fromUser);
        ArgumentNullException.ThrowIfNull(content);

        return new StringBuilder("<xml>")
            .AppendCData("ToUserName", toUser)
            .AppendCData("FromUserName", fromUser)
            .AppendNumber("CreateTime", createTime)
            .AppendCData("MsgType", "text")
            .AppendCData("Content", content)
            .Append("</xml>")
            .ToString();
    }

    /// <summary>
    /// Builds a plaintext <c>transfer_customer_service</c> reply: WeChat passes the message to the account's human
    /// customer service (https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Forwarding_of_messages_to_service_center.html).
    /// </summary>
    /// <param name="toUser">The user's OpenID (the push's <c>FromUserName</c>).</param>
    /// <param name="fromUser">Our account's original id (the push's <c>ToUserName</c>).</param>
    /// <param name="createTime">Unix seconds.</param>
    /// <returns>The reply XML.</returns>
    public static string BuildTransferReplyXml(string toUser, string fromUser, long createTime)
    {
        ArgumentNullException.ThrowIfNull(toUser);
        ArgumentNullException.ThrowIfNull(fromUser);

        return new StringBuilder("<xml>")
            .AppendCData("ToUserName", toUser)
            .AppendCData("FromUserName", fromUser)
            .AppendNumber("CreateTime", createTime)
            .AppendCData("MsgType", "transfer_customer_service")
            .Append("</xml>")
            .ToString();
    }

    /// <summary>Builds the response body for a transfer to human customer service in the request's encryption mode.</summary>
    /// <param name="mode">The mode of the request being answered.</param>
    /// <param name="toUser">The user's OpenID.</param>
    /// <param name="fromUser">Our account's original id.</param>
    /// <param name="nonce">The nonce for the envelope; echo the request's.</param>
    /// <returns>Plaintext reply XML in plaintext mode, otherwise the encrypted envelope.</returns>
    public string EncodeTransferReply(WeChatEncryptionMode mode, string toUser, string fromUser, string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        var now = UnixTime.NowSeconds(_timeProvider);
        var xml = BuildTransferReplyXml(toUser, fromUser, now);
        return mode switch
        {
            WeChatEncryptionMode.Plaintext => xml,
            WeChatEncryptionMode.Compatible or WeChatEncryptionMode.Safe => Encrypt(xml, now, nonce),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown encryption mode."),
        };
    }

    /// <summary>Builds the response body for a text reply in the request's encryption mode.</summary>
    /// <param name="mode">The mode of the request being answered.</param>
    /// <param name="toUser">The user's OpenID.</param>
    /// <param name="fromUser">Our account's original id.</param>
    /// <param name="content">The reply text, already limited in length.</param>
    /// <param name="nonce">The nonce for the envelope; echo the request's.</param>
    /// <returns>Plaintext reply XML in plaintext mode, otherwise the encrypted envelope.</returns>
    public string EncodeTextReply(WeChatEncryptionMode mode, string toUser, string fromUser, string content, string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        var now = UnixTime.NowSeconds(_timeProvider);
        var xml = BuildTextReplyXml(toUser, fromUser, now, content);
        return mode switch
        {
            WeChatEncryptionMode.Plaintext => xml,
            WeChatEncryptionMode.Compatible or WeChatEncryptionMode.Safe => Encrypt(xml, now, nonce),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown encryption mode."),
        };
    }

    /// <summary>
    /// Wraps any reply XML (image, news, …) in the encrypted envelope, with the current time as <c>TimeStamp</c>.
    /// </summary>
    /// <param name="replyXml">The plaintext reply XML.</param>
    /// <param name="nonce">The nonce for the envelope; echo the request's.</param>
    /// <returns>The encrypted envelope.</returns>
    public string EncryptReplyXml(string replyXml, string nonce)
    {
        ArgumentNullException.ThrowIfNull(replyXml);
        ArgumentNullException.ThrowIfNull(nonce);
        return Encrypt(replyXml, UnixTime.NowSeconds(_timeProvider), nonce);
    }

    private string Encrypt(string xml, long now, string nonce)
    {
        var encrypt = _crypto.Encrypt(xml);
        var timestamp = now.ToString(CultureInfo.InvariantCulture);

        // Sign the nonce exactly as it will appear in the envelope.
        var safeNonce = XmlText.StripInvalidChars(nonce);
        var signature = WeChatSignature.Compute(_account.Token, timestamp, safeNonce, encrypt);
        return WeChatXmlWriter.BuildEncryptedReplyEnvelope(encrypt, signature, timestamp, safeNonce);
    }
}
