namespace CustomerService.Grains.Delivery.Quota;

/// <summary>How many messages a channel allows after a user action, and for how long.</summary>
public sealed record QuotaPolicy
{
    /// <summary>
    /// WeChat Official Account customer-service messages: a user message allows 5 messages within 48 h; a menu
    /// click, scan or follow allows 3 within 1 minute.
    /// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
    /// </summary>
    public static QuotaPolicy WeChatOfficialAccount { get; } = new();

    public int UserMessageCount { get; init; } = 5;

    public TimeSpan UserMessageWindow { get; init; } = TimeSpan.FromHours(48);

    public int InteractionCount { get; init; } = 3;

    public TimeSpan InteractionWindow { get; init; } = TimeSpan.FromMinutes(1);
}
