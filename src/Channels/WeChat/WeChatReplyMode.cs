namespace CustomerService.Channels.WeChat;

/// <summary>How an Official Account's replies go out (<c>Channels:WeChat:Accounts:N:ReplyMode</c>).</summary>
public enum WeChatReplyMode
{
    /// <summary>
    /// The default. Passive until a customer-service API call (<c>custom/typing</c>) succeeds for the account; then
    /// a passive reply when the answer is ready within the budget, and <c>custom/send</c> otherwise. Without an
    /// AppSecret it stays passive.
    /// </summary>
    Auto = 0,

    /// <summary>Passive replies only: unverified (personal or unverified subscription) accounts.</summary>
    Passive = 1,

    /// <summary>
    /// Acknowledge every push with <c>success</c> at once and deliver through <c>custom/send</c>: verified accounts
    /// with 客服接口 permission. Needs the AppSecret.
    /// </summary>
    Push = 2,
}
