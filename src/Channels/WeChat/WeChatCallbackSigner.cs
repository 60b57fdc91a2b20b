using System.Security.Cryptography;
using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// Plays WeChat's side of a callback: signs (and encrypts) a push the way WeChat does. Used by the simulator and by
/// tests; the gateway itself never signs callbacks.
/// </summary>
/// <remarks>
/// Query keys and body shapes per mode: https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md
/// and https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html.
/// </remarks>
public sealed class WeChatCallbackSigner
{
    private const int NonceDigits = 10;
    private const string ClosingTag = "</xml>";

    private readonly WeChatAccountSecrets _account;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatMessageCrypto _crypto;

    /// <summary>Creates a signer for one account.</summary>
    /// <param name="account">The account's AppId, Token and EncodingAESKey.</param>
    /// <param name="timeProvider">The clock for <c>timestamp</c>.</param>
    /// <exception cref="ArgumentException">The token or AppId is empty, or the EncodingAESKey is invalid.</exception>
    public WeChatCallbackSigner(WeChatAccountSecrets account, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(account.Token, nameof(account));

        _account = account;
        _timeProvider = timeProvider;
        _crypto = new WeChatMessageCrypto(account.EncodingAesKey, account.AppId);
    }

    /// <summary>Signs a push for delivery in the given mode, with a fresh nonce and the current timestamp.</summary>
    /// <param name="messageXml">The plaintext push XML, ending in <c>&lt;/xml&gt;</c>.</param>
    /// <param name="mode">The account's encryption mode.</param>
    /// <param name="openId">The <c>openid</c> query value; defaults to the push's <c>FromUserName</c>.</param>
    /// <returns>
    /// The query string (<c>signature</c>, <c>timestamp</c>, <c>nonce</c>, <c>openid</c>, and in aes modes
    /// <c>encrypt_type=aes</c> and <c>msg_signature</c>) and the body: the push itself (plaintext), the push plus
    /// <c>&lt;Encrypt&gt;</c> (compatible), or <c>ToUserName</c> and <c>Encrypt</c> only (safe).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="messageXml"/> is not a WeChat push.</exception>
    public WeChatSignedCallback Sign(string messageXml, WeChatEncryptionMode mode, string? openId = null)
    {
        ArgumentNullException.ThrowIfNull(messageXml);
        if (!WeChatXml.TryParseFields(messageXml, out var fields, out _))
        {
            throw new ArgumentException("The message is not a well-formed WeChat push.", nameof(messageXml));
        }

        openId ??= fields.GetValueOrDefault("FromUserName");
        var timestamp = UnixTime.NowText(_timeProvider);
        var nonce = NewNonce();
        var query = new StringBuilder()
            .AppendParameter("signature", WeChatSignature.Compute(_account.Token, timestamp, nonce))
            .AppendParameter("timestamp", timestamp)
            .AppendParameter("nonce", nonce);
        if (openId is not null)
        {
            query.AppendParameter("openid", openId);
        }

        string body;
        switch (mode)
        {
            case WeChatEncryptionMode.Plaintext:
                body = messageXml;
                break;
            case WeChatEncryptionMode.Compatible:
            case WeChatEncryptionMode.Safe:
                var encrypt = _crypto.Encrypt(messageXml);
                query.AppendParameter("encrypt_type", "aes")
                    .AppendParameter("msg_signature", WeChatSignature.Compute(_account.Token, timestamp, nonce, encrypt));
                body = mode == WeChatEncryptionMode.Safe
                    ? BuildSafeBody(fields.GetValueOrDefault("ToUserName") ?? string.Empty, encrypt)
                    : BuildCompatibleBody(messageXml, encrypt);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown encryption mode.");
        }

        return new WeChatSignedCallback
        {
            QueryString = query.ToString(),
            Body = body,
            Timestamp = timestamp,
            Nonce = nonce,
        };
    }

    /// <summary>Builds the query string of the GET that WeChat sends when the server URL is saved.</summary>
    /// <param name="echostr">The value the server must echo.</param>
    /// <returns>The query string (<c>signature</c>, <c>timestamp</c>, <c>nonce</c>, <c>echostr</c>), without a leading <c>?</c>.</returns>
    public string SignUrlVerification(string echostr)
    {
        ArgumentNullException.ThrowIfNull(echostr);
        var timestamp = UnixTime.NowText(_timeProvider);
        var nonce = NewNonce();
        return new StringBuilder()
            .AppendParameter("signature", WeChatSignature.Compute(_account.Token, timestamp, nonce))
            .AppendParameter("timestamp", timestamp)
            .AppendParameter("nonce", nonce)
            .AppendParameter("echostr", echostr)
            .ToString();
    }

    private static string BuildSafeBody(string toUserName, string encrypt) =>
        new StringBuilder("<xml>")
            .AppendCData("ToUserName", toUserName)
            .AppendCData("Encrypt", encrypt)
            .Append(ClosingTag)
            .ToString();

    private static string BuildCompatibleBody(string messageXml, string encrypt)
    {
        var end = messageXml.LastIndexOf(ClosingTag, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new ArgumentException("The message must end with </xml>.", nameof(messageXml));
        }

        return new StringBuilder(messageXml, 0, end, messageXml.Length + encrypt.Length + 32)
            .AppendCData("Encrypt", encrypt)
            .Append(messageXml, end, messageXml.Length - end)
            .ToString();
    }

    // WeChat's nonces are decimal digits (e.g. 1514711492).
    private static string NewNonce() =>
        string.Create(NonceDigits, 0, static (span, _) =>
        {
            span[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
            for (var i = 1; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
}
