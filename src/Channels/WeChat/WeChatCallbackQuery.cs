namespace CustomerService.Channels.WeChat;

/// <summary>
/// The query parameters of an Official Account callback, each percent-decoded exactly once.
/// </summary>
/// <remarks>
/// Every POST carries <c>signature</c>, <c>timestamp</c>, <c>nonce</c> and <c>openid</c>; compatible and safe mode add
/// <c>encrypt_type=aes</c> and <c>msg_signature</c>; the GET URL verification carries <c>echostr</c>. See
/// https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md.
/// </remarks>
public sealed record WeChatCallbackQuery
{
    /// <summary><c>signature</c>: SHA-1 over token, timestamp and nonce.</summary>
    public string? Signature { get; init; }

    /// <summary><c>timestamp</c>: Unix seconds, as text.</summary>
    public string? Timestamp { get; init; }

    /// <summary><c>nonce</c>.</summary>
    public string? Nonce { get; init; }

    /// <summary><c>echostr</c>: the value to echo on URL verification (plaintext for Official Accounts).</summary>
    public string? EchoStr { get; init; }

    /// <summary><c>encrypt_type</c>: absent or <c>raw</c> for plaintext mode, <c>aes</c> otherwise.</summary>
    public string? EncryptType { get; init; }

    /// <summary><c>msg_signature</c>: SHA-1 over token, timestamp, nonce and the Encrypt text.</summary>
    public string? MsgSignature { get; init; }

    /// <summary><c>openid</c>: the sender.</summary>
    public string? OpenId { get; init; }

    /// <summary>
    /// Parses a raw query string (with or without a leading <c>?</c>), decoding each value once with
    /// <see cref="Uri.UnescapeDataString(string)"/>. A literal <c>+</c> stays a plus, because WeChat percent-encodes
    /// what it sends. Unknown keys are ignored; for a repeated key the last one wins.
    /// </summary>
    /// <param name="queryString">The raw query string.</param>
    /// <returns>The query.</returns>
    public static WeChatCallbackQuery Parse(string queryString)
    {
        ArgumentNullException.ThrowIfNull(queryString);
        var query = new WeChatCallbackQuery();
        var text = queryString.StartsWith('?') ? queryString[1..] : queryString;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..]);
            query = key switch
            {
                "signature" => query with { Signature = value },
                "timestamp" => query with { Timestamp = value },
                "nonce" => query with { Nonce = value },
                "echostr" => query with { EchoStr = value },
                "encrypt_type" => query with { EncryptType = value },
                "msg_signature" => query with { MsgSignature = value },
                "openid" => query with { OpenId = value },
                _ => query,
            };
        }

        return query;
    }
}
