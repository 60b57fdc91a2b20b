using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// Plays WeChat's side of a passive reply: checks a response body the way WeChat would and extracts the reply. Used
/// by the simulator and by tests.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An empty body or exactly <c>success</c> acknowledges the push without a reply, in every mode.</item>
/// <item>Plaintext mode expects plaintext reply XML; an encrypted envelope is an error (WeChat would not decrypt it).</item>
/// <item>Safe mode expects the encrypted envelope; plaintext reply XML is an error.</item>
/// <item>Compatible mode accepts either (our gateway encrypts).</item>
/// <item>An envelope's <c>MsgSignature</c> must verify over token, TimeStamp, Nonce and Encrypt, and Encrypt must
/// decrypt with the account's AppId as receive id.</item>
/// </list>
/// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html and
/// https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html.
/// </remarks>
public sealed class WeChatReplyDecoder
{
    private readonly WeChatAccountSecrets _account;
    private readonly WeChatMessageCrypto _crypto;

    /// <summary>Creates a decoder for one account.</summary>
    /// <param name="account">The account's AppId, Token and EncodingAESKey.</param>
    /// <exception cref="ArgumentException">The token or AppId is empty, or the EncodingAESKey is invalid.</exception>
    public WeChatReplyDecoder(WeChatAccountSecrets account)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(account.Token, nameof(account));

        _account = account;
        _crypto = new WeChatMessageCrypto(account.EncodingAesKey, account.AppId);
    }

    /// <summary>Decodes a response body returned for a push sent in <paramref name="mode"/>.</summary>
    /// <param name="responseBody">The HTTP response body, decoded as UTF-8.</param>
    /// <param name="mode">The mode the push was sent in.</param>
    /// <returns>The acknowledgement, the reply, or why WeChat would reject the body.</returns>
    public WeChatReplyDecodeResult Decode(string responseBody, WeChatEncryptionMode mode)
    {
        ArgumentNullException.ThrowIfNull(responseBody);
        if (responseBody.Length == 0 || string.Equals(responseBody, WeChatReplyEncoder.Success, StringComparison.Ordinal))
        {
            return WeChatReplyDecodeResult.AcknowledgementOnly();
        }

        if (!WeChatXml.TryParseFields(responseBody, out var outer, out var error))
        {
            return WeChatReplyDecodeResult.Failure(error);
        }

        if (!outer.ContainsKey("Encrypt"))
        {
            return mode == WeChatEncryptionMode.Safe
                ? WeChatReplyDecodeResult.Failure("plaintext reply in safe mode")
                : ParseReply(responseBody, wasEncrypted: false);
        }

        if (mode == WeChatEncryptionMode.Plaintext)
        {
            return WeChatReplyDecodeResult.Failure("encrypted reply in plaintext mode", wasEncrypted: true);
        }

        if (!TryGet(outer, "Encrypt", out var encrypt)
            || !TryGet(outer, "MsgSignature", out var signature)
            || !TryGet(outer, "TimeStamp", out var timestamp)
            || !TryGet(outer, "Nonce", out var nonce))
        {
            return WeChatReplyDecodeResult.Failure("incomplete encrypted envelope", wasEncrypted: true);
        }

        if (!WeChatSignature.Verify(signature, _account.Token, timestamp, nonce, encrypt))
        {
            return WeChatReplyDecodeResult.Failure("MsgSignature mismatch", wasEncrypted: true);
        }

        var decrypted = _crypto.Decrypt(encrypt);
        if (!decrypted.Succeeded)
        {
            return WeChatReplyDecodeResult.Failure($"decryption failed: {decrypted.Error}", wasEncrypted: true);
        }

        return ParseReply(decrypted.Message, wasEncrypted: true);
    }

    private static WeChatReplyDecodeResult ParseReply(string xml, bool wasEncrypted)
    {
        if (!WeChatXml.TryParseFields(xml, out var fields, out var error))
        {
            return WeChatReplyDecodeResult.Failure($"reply: {error}", wasEncrypted);
        }

        if (!TryGet(fields, "MsgType", out var msgType))
        {
            return WeChatReplyDecodeResult.Failure("reply: missing MsgType", wasEncrypted);
        }

        return WeChatReplyDecodeResult.Reply(
            xml,
            wasEncrypted,
            msgType,
            fields.GetValueOrDefault("Content"),
            fields.GetValueOrDefault("ToUserName"),
            fields.GetValueOrDefault("FromUserName"));
    }

    private static bool TryGet(IReadOnlyDictionary<string, string> fields, string name, [NotNullWhen(true)] out string? value) =>
        fields.TryGetValue(name, out value) && value.Length > 0;
}
