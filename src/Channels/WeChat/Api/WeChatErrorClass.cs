namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// What a WeChat <c>errcode</c> means for the caller: the action it calls for, not the platform's wording.
/// <see cref="WeChatErrorTable.Classify"/> maps codes to these classes.
/// </summary>
public enum WeChatErrorClass
{
    /// <summary>No error (<c>errcode</c> 0 or absent).</summary>
    None = 0,

    /// <summary>The platform is busy (-1): retry with backoff, a bounded number of times.</summary>
    Busy,

    /// <summary>The access token was rejected: get a fresh one from the token authority and retry once.</summary>
    TokenRejected,

    /// <summary>The AppId or AppSecret is wrong or frozen: a configuration error, never retried.</summary>
    TokenConfiguration,

    /// <summary>
    /// The account may not use this API (not verified, banned, or the caller's IP is not whitelisted): a
    /// configuration error of the account, which falls back to passive replies.
    /// </summary>
    AccountNotPermitted,

    /// <summary>An API-level frequency or daily quota was hit: pause the account and resume later.</summary>
    ApiRateLimited,

    /// <summary>The user's 48-hour window is closed (45015): hold the message; no blind retry.</summary>
    WindowClosed,

    /// <summary>The messages the user's last action allowed are spent (45047): hold the rest; no blind retry.</summary>
    QuotaSpent,

    /// <summary>The user turned off messages from this account (48002): final for this user.</summary>
    UserOptedOut,

    /// <summary>The user cannot be reached (bad openid, not following, blocked us): final for this user.</summary>
    UserUnreachable,

    /// <summary>The text is too long (45002): split it smaller, once.</summary>
    ContentTooLong,

    /// <summary>A typing indicator was refused (45080, 45081, 45072): harmless, ignore it.</summary>
    TypingIgnored,

    /// <summary>Any other code: treat the call as failed and keep the code for the operator.</summary>
    Unknown,
}
