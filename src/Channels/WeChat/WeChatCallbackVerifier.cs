using System.Globalization;
using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// Authenticates Official Account callbacks for one account: the GET URL verification and message POSTs in all three
/// encryption modes.
/// </summary>
/// <remarks>
/// <para>
/// What is verified is exactly what WeChat signed: token, timestamp and nonce as received, and the <c>Encrypt</c>
/// text as it appears in the body. In aes modes only <c>msg_signature</c> counts (the doc says not to rely on
/// <c>signature</c> in safe mode; pitfall P3), and a compatible-mode body's plaintext copy is ignored in favour of
/// the decrypted one. Nothing is decrypted before its signature checks out.
/// </para>
/// <para>
/// WeChat documents no replay window. A window of <see cref="TimeSpan.Zero"/> disables the timestamp comparison
/// (the timestamp must still be an integer); otherwise keep it generous (e.g. 5 minutes) so that WeChat's retries
/// are never rejected; deduplication is the real guard (pitfall P17).
/// </para>
/// <para>
/// See https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html and
/// https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class WeChatCallbackVerifier
{
    private const string AesEncryptType = "aes";
    private const string RawEncryptType = "raw";
    private const int MaxLoggedIdLength = 64;

    private readonly WeChatAccountSecrets _account;
    private readonly TimeSpan _replayWindow;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatMessageCrypto _crypto;
    private readonly bool _acceptPlaintext;

    /// <summary>Creates a verifier for one account.</summary>
    /// <param name="account">The account's AppId, Token and EncodingAESKey.</param>
    /// <param name="replayWindow">
    /// How far a request's timestamp may be from now, either way; <see cref="TimeSpan.Zero"/> disables the check.
    /// </param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="acceptPlaintext">
    /// Whether a plaintext-mode (明文) push is accepted. In plaintext mode WeChat's <c>signature</c> covers only the
    /// token, timestamp and nonce, never the body: whoever sees one signed query string (a proxy or access log) can
    /// post any message, as any user, until the timestamp leaves the replay window. An account in compatible or safe
    /// mode therefore refuses plaintext requests, where <c>msg_signature</c> covers the encrypted body.
    /// </param>
    /// <exception cref="ArgumentException">The token or AppId is empty, or the EncodingAESKey is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replayWindow"/> is negative.</exception>
    public WeChatCallbackVerifier(WeChatAccountSecrets account, TimeSpan replayWindow, TimeProvider timeProvider, bool acceptPlaintext)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(account.Token, nameof(account));
        ArgumentOutOfRangeException.ThrowIfLessThan(replayWindow, TimeSpan.Zero);

        _account = account;
        _replayWindow = replayWindow;
        _timeProvider = timeProvider;
        _crypto = new WeChatMessageCrypto(account.EncodingAesKey, account.AppId);
        _acceptPlaintext = acceptPlaintext;
    }

    /// <summary>
    /// Verifies the GET that WeChat sends when the server URL is saved: <c>signature</c> over token, timestamp and
    /// nonce, plus the timestamp check. On <see langword="true"/> the caller answers 200 with the raw
    /// <see cref="WeChatCallbackQuery.EchoStr"/> as the whole body (an Official Account's echostr is plaintext even
    /// in safe mode).
    /// </summary>
    /// <param name="query">The decoded query.</param>
    /// <returns><see langword="true"/> when the request is authentic and carries an echostr.</returns>
    public bool VerifyUrl(WeChatCallbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.Signature) || string.IsNullOrEmpty(query.EchoStr))
        {
            return false;
        }

        if (CheckTimestampAndNonce(query) is not null)
        {
            return false;
        }

        return WeChatSignature.Verify(query.Signature, _account.Token, query.Timestamp!, query.Nonce!);
    }

    /// <summary>Verifies, decrypts and parses a message POST.</summary>
    /// <param name="query">The decoded query.</param>
    /// <param name="body">The raw body, decoded as UTF-8.</param>
    /// <returns>
    /// <see cref="WeChatCallbackOutcome.Accepted"/> with the mode, the verified plaintext XML and the message;
    /// otherwise <see cref="WeChatCallbackOutcome.Unauthorized"/> (missing or wrong signature, timestamp, receive id)
    /// or <see cref="WeChatCallbackOutcome.BadRequest"/> (unusable content).
    /// </returns>
    public WeChatCallbackResult VerifyMessage(WeChatCallbackQuery query, string body)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(body);

        var encryptType = query.EncryptType;
        if (string.IsNullOrEmpty(encryptType) || string.Equals(encryptType, RawEncryptType, StringComparison.OrdinalIgnoreCase))
        {
            return VerifyPlaintext(query, body);
        }

        if (string.Equals(encryptType, AesEncryptType, StringComparison.OrdinalIgnoreCase))
        {
            return VerifyEncrypted(query, body);
        }

        return WeChatCallbackResult.BadRequest(WeChatEncryptionMode.Plaintext, "unsupported encrypt_type");
    }

    private WeChatCallbackResult VerifyPlaintext(WeChatCallbackQuery query, string body)
    {
        const WeChatEncryptionMode mode = WeChatEncryptionMode.Plaintext;
        if (!_acceptPlaintext)
        {
            // Before any check, so that a forged request learns nothing about the token.
            return WeChatCallbackResult.Unauthorized(mode, "plaintext push refused: this account accepts only encrypted pushes (compatible or safe mode); set AcceptPlaintext if it runs in plaintext mode");
        }

        if (string.IsNullOrEmpty(query.Signature))
        {
            return WeChatCallbackResult.Unauthorized(mode, "missing signature");
        }

        if (CheckTimestampAndNonce(query) is { } timestampError)
        {
            return WeChatCallbackResult.Unauthorized(mode, timestampError);
        }

        // Verify before parsing: an unauthenticated body is never read.
        if (!WeChatSignature.Verify(query.Signature, _account.Token, query.Timestamp!, query.Nonce!))
        {
            return WeChatCallbackResult.Unauthorized(mode, "signature mismatch");
        }

        return ParseInner(mode, body, prefix: null);
    }

    private WeChatCallbackResult VerifyEncrypted(WeChatCallbackQuery query, string body)
    {
        if (string.IsNullOrEmpty(query.MsgSignature))
        {
            return WeChatCallbackResult.Unauthorized(WeChatEncryptionMode.Safe, "missing msg_signature");
        }

        if (CheckTimestampAndNonce(query) is { } timestampError)
        {
            return WeChatCallbackResult.Unauthorized(WeChatEncryptionMode.Safe, timestampError);
        }

        if (!WeChatXml.TryParseFields(body, out var outer, out var xmlError))
        {
            return WeChatCallbackResult.BadRequest(WeChatEncryptionMode.Safe, xmlError);
        }

        // Compatible mode repeats the plaintext fields next to Encrypt; safe mode sends only ToUserName and Encrypt.
        var mode = outer.ContainsKey("MsgType") ? WeChatEncryptionMode.Compatible : WeChatEncryptionMode.Safe;

        if (!outer.TryGetValue("Encrypt", out var encrypt) || encrypt.Length == 0)
        {
            return WeChatCallbackResult.BadRequest(mode, "missing Encrypt element");
        }

        if (!WeChatSignature.Verify(query.MsgSignature, _account.Token, query.Timestamp!, query.Nonce!, encrypt))
        {
            return WeChatCallbackResult.Unauthorized(mode, "msg_signature mismatch");
        }

        var decrypted = _crypto.Decrypt(encrypt);
        if (!decrypted.Succeeded)
        {
            return decrypted.Error == WeChatCryptoError.ReceiveIdMismatch
                ? WeChatCallbackResult.Unauthorized(
                    mode,
                    $"receive id mismatch: expected {_account.AppId}, got {LogSafe(decrypted.ReceiveId)}")
                : WeChatCallbackResult.BadRequest(mode, DescribeCryptoError(decrypted.Error));
        }

        return ParseInner(mode, decrypted.Message, prefix: "decrypted message: ");
    }

    private static WeChatCallbackResult ParseInner(WeChatEncryptionMode mode, string xml, string? prefix)
    {
        if (!WeChatInboundMessage.TryParse(xml, out var message, out var error))
        {
            return WeChatCallbackResult.BadRequest(mode, prefix + error);
        }

        return WeChatCallbackResult.Accepted(mode, xml, message);
    }

    // Returns null when the timestamp and nonce are usable, otherwise the reason.
    private string? CheckTimestampAndNonce(WeChatCallbackQuery query)
    {
        if (string.IsNullOrEmpty(query.Timestamp))
        {
            return "missing timestamp";
        }

        if (!long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return "invalid timestamp";
        }

        if (_replayWindow > TimeSpan.Zero)
        {
            var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();

            // NumberStyles.None admits no sign, so timestamp >= 0 and the subtraction cannot overflow.
            if (Math.Abs(now - timestamp) > (long)_replayWindow.TotalSeconds)
            {
                return "timestamp outside replay window";
            }
        }

        if (query.Nonce is null)
        {
            return "missing nonce";
        }

        return null;
    }

    private static string DescribeCryptoError(WeChatCryptoError error) => error switch
    {
        WeChatCryptoError.InvalidBase64 => "Encrypt is not valid base64",
        WeChatCryptoError.InvalidCiphertextLength => "invalid ciphertext length",
        WeChatCryptoError.InvalidPadding => "invalid padding",
        WeChatCryptoError.InvalidMessageLength => "invalid message length",
        _ => "decryption failed",
    };

    // The id comes from inside the frame; keep a log line short and printable whatever it holds.
    private static string LogSafe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "(empty)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxLoggedIdLength));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, MaxLoggedIdLength)))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '?');
        }

        return builder.ToString();
    }
}
