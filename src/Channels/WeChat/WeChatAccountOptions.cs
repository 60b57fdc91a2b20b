namespace CustomerService.Channels.WeChat;

/// <summary>One Official Account (<c>Channels:WeChat:Accounts:N</c>). Secrets come from the environment.</summary>
public sealed class WeChatAccountOptions
{
    /// <summary>The account's AppId (wx…), the <c>{appId}</c> of its callback URL.</summary>
    public string? AppId { get; set; }

    /// <summary>The Token set in the MP console (3–32 letters or digits). A secret.</summary>
    public string? Token { get; set; }

    /// <summary>The EncodingAESKey set in the MP console (43 characters). A secret.</summary>
    public string? EncodingAesKey { get; set; }

    /// <summary>The AppSecret, for the platform's active APIs (used by push delivery). A secret.</summary>
    public string? AppSecret { get; set; }

    /// <summary>
    /// Whether plaintext-mode (明文) pushes are accepted. Off (the default): only compatible and safe mode, whose
    /// <c>msg_signature</c> covers the encrypted body. A plaintext push's <c>signature</c> does not cover the body, so
    /// a leaked query string lets anyone post messages as any user for the replay window; turn this on only while the
    /// account really runs in plaintext mode (MP console → 开发 → 基本配置 → 消息加解密方式).
    /// </summary>
    public bool AcceptPlaintext { get; set; }

    /// <summary>How replies go out: <see cref="WeChatReplyMode.Auto"/> (default), Passive or Push.</summary>
    public WeChatReplyMode ReplyMode { get; set; } = WeChatReplyMode.Auto;

    /// <summary>
    /// Whether a request for a human is passed to WeChat's own customer service (the passive
    /// <c>transfer_customer_service</c> reply). Off: the conversation waits and the bot stays quiet.
    /// </summary>
    public bool TransferToCustomerService { get; set; } = true;

    /// <summary>This account's own FAQ file; unset uses <c>Knowledge:FaqFile</c>.</summary>
    public string? FaqFile { get; set; }

    /// <summary>Names the account, never its secrets.</summary>
    public override string ToString() => $"WeChatAccount({AppId})";
}
