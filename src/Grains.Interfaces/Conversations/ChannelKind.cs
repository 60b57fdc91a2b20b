namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>The messaging platform a conversation runs on.</summary>
[Alias("cs.ChannelKind")]
public enum ChannelKind
{
    /// <summary>WeChat Official Account (公众号).</summary>
    WeChat = 0,

    /// <summary>WeCom (企业微信), including WeChat Customer Service (微信客服).</summary>
    WeCom = 1,

    /// <summary>Douyin enterprise account (抖音企业号).</summary>
    Douyin = 2,
}
