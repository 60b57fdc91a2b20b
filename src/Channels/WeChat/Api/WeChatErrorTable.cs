namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The one table from WeChat <c>errcode</c> values to <see cref="WeChatErrorClass"/>. Global return codes:
/// https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html; customer-service
/// message codes: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html.
/// </summary>
public static class WeChatErrorTable
{
    /// <summary>Classifies an <c>errcode</c>.</summary>
    /// <param name="code">The <c>errcode</c> from a response (0 when absent).</param>
    /// <returns>The class; <see cref="WeChatErrorClass.Unknown"/> for codes not in the table.</returns>
    public static WeChatErrorClass Classify(int code) => code switch
    {
        // ok.
        0 => WeChatErrorClass.None,

        // "system error": the platform asks callers to try again later.
        -1 => WeChatErrorClass.Busy,

        // invalid credential: the token is wrong, or not the latest (someone force-refreshed or re-fetched it).
        40001 => WeChatErrorClass.TokenRejected,

        // invalid access_token.
        40014 => WeChatErrorClass.TokenRejected,

        // access_token expired (typically after more than 2 h idle with a local cache).
        42001 => WeChatErrorClass.TokenRejected,

        // access_token missing.
        41001 => WeChatErrorClass.TokenRejected,

        // invalid appid.
        40013 => WeChatErrorClass.TokenConfiguration,

        // invalid appsecret.
        40125 => WeChatErrorClass.TokenConfiguration,

        // AppSecret frozen (the admin must unfreeze or reset it).
        40243 => WeChatErrorClass.TokenConfiguration,

        // "invalid ip, not in whitelist". It is returned by the token endpoint and by the send APIs alike. One class
        // serves both: AccountNotPermitted (the account's setup is wrong, fall back to passive replies), and the
        // token path treats AccountNotPermitted and TokenConfiguration alike (IsConfigurationError) so it never
        // retries or force-refreshes on it.
        40164 => WeChatErrorClass.AccountNotPermitted,

        // api unauthorized: an unverified or personal account has no customer-service API.
        48001 => WeChatErrorClass.AccountNotPermitted,

        // api forbidden for irregularities: the API was banned for this account.
        48004 => WeChatErrorClass.AccountNotPermitted,

        // reach max api daily quota limit.
        45009 => WeChatErrorClass.ApiRateLimited,

        // api minute-quota reach limit.
        45011 => WeChatErrorClass.ApiRateLimited,

        // response out of time limit or subscription is canceled: outside the 48 h window (or unfollowed).
        45015 => WeChatErrorClass.WindowClosed,

        // out of response count limit: the 5 (user message) or 3 (menu, follow, scan) messages are used up.
        45047 => WeChatErrorClass.QuotaSpent,

        // the user refuses messages from this account (turned off "receive messages").
        48002 => WeChatErrorClass.UserOptedOut,

        // the user does not follow the account.
        43004 => WeChatErrorClass.UserUnreachable,

        // the user has blacklisted the account.
        43019 => WeChatErrorClass.UserUnreachable,

        // invalid openid (not a user of this account).
        40003 => WeChatErrorClass.UserUnreachable,

        // content size out of limit (about 2048 UTF-8 bytes for text).
        45002 => WeChatErrorClass.ContentTooLong,

        // typing: no interaction in the last 30 s
        // (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html#客服输入状态).
        45080 => WeChatErrorClass.TypingIgnored,

        // typing: the indicator is still showing (it lasts 15 s) and cannot be re-sent.
        45081 => WeChatErrorClass.TypingIgnored,

        // typing: bad command.
        45072 => WeChatErrorClass.TypingIgnored,

        _ => WeChatErrorClass.Unknown,
    };

    /// <summary>
    /// True for the classes that mean the account is configured wrongly (AppId, AppSecret, IP whitelist,
    /// permissions): never retried or force-refreshed, shown to the operator.
    /// </summary>
    /// <param name="errorClass">The class of a token-endpoint or send error.</param>
    /// <returns>Whether it is a configuration error.</returns>
    public static bool IsConfigurationError(WeChatErrorClass errorClass) =>
        errorClass is WeChatErrorClass.TokenConfiguration or WeChatErrorClass.AccountNotPermitted;
}
