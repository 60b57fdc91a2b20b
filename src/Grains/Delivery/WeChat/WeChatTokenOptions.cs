namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>The access-token authority's limits (section <c>Channels:WeChat:Token</c>).</summary>
public sealed class WeChatTokenOptions
{
    public const string SectionName = "Channels:WeChat:Token";

    /// <summary>The platform's least interval between force refreshes; closer ones do not refresh.</summary>
    public const int PlatformMinIntervalSeconds = 30;

    /// <summary>The platform's force refreshes per day.</summary>
    public const int PlatformDailyCap = 20;

    /// <summary>
    /// The least time between two force refreshes of one AppId, in seconds (at least 30: WeChat ignores closer ones,
    /// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
    /// </summary>
    public int ForceRefreshMinIntervalSeconds { get; set; } = PlatformMinIntervalSeconds;

    /// <summary>Force refreshes allowed per Beijing day for one AppId (at most 20, the platform's cap).</summary>
    public int ForceRefreshDailyCap { get; set; } = PlatformDailyCap;

    /// <summary>
    /// After a configuration error (bad AppId or secret, IP not whitelisted, frozen secret), how long, in seconds, the
    /// authority answers it again without calling the platform. A fixed configuration is picked up after this.
    /// </summary>
    public int ConfigurationErrorRetrySeconds { get; set; } = 60;
}
