namespace CustomerService.Simulator.WeChat.Api;

/// <summary>The platform rules the fake enforces, each with its source.</summary>
internal static class FakeWeChatRules
{
    /// <summary>
    /// Normal-mode stable_token renews the token this long before it expires, and the old one stays valid until it
    /// expires ("平台会提前5分钟更新access_token",
    /// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
    /// </summary>
    public static readonly TimeSpan StableRenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After a new <c>/cgi-bin/token</c>, the previous token keeps working this long
    /// (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html).
    /// </summary>
    public static readonly TimeSpan ClassicOverlap = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A user message allows 5 customer-service messages within 48 h; a menu click, follow or QR scan allows 3 within
    /// 1 min (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html).
    /// </summary>
    public static readonly TimeSpan UserMessageWindow = TimeSpan.FromHours(48);

    /// <summary>Messages allowed by one user message.</summary>
    public const int UserMessageAllowance = 5;

    /// <summary>How long an interaction's allowance lasts.</summary>
    public static readonly TimeSpan InteractionWindow = TimeSpan.FromMinutes(1);

    /// <summary>Messages allowed by one interaction (menu click, follow, scan).</summary>
    public const int InteractionAllowance = 3;

    /// <summary>Typing is allowed only this soon after an interaction (45080 otherwise).</summary>
    public static readonly TimeSpan TypingAfterInteraction = TimeSpan.FromSeconds(30);

    /// <summary>A typing indicator lasts this long and cannot be re-sent meanwhile (45081).</summary>
    public static readonly TimeSpan TypingDuration = TimeSpan.FromSeconds(15);

    /// <summary>The most UTF-8 bytes of a text message's content (45002 beyond; the figure reported in practice).</summary>
    public const int MaxTextBytes = 2048;

    /// <summary>WeChat's daily quotas reset at Beijing midnight (UTC+8, no daylight saving).</summary>
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);
}
