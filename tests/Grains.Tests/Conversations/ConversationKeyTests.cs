using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

public sealed class ConversationKeyTests
{
    [Fact]
    public void ToString_DocumentedExample_IsTheDocumentedForm() =>
        Assert.Equal(
            "wechat|wx1234567890abcdef|oX1a2B3c",
            new ConversationKey(ChannelKind.WeChat, "wx1234567890abcdef", "oX1a2B3c").ToString());

    [Theory]
    [InlineData(ChannelKind.WeChat, "wx1234567890abcdef", "oX1a2B3c")]
    [InlineData(ChannelKind.WeCom, "ww0123|1000002", "wm|user|1")]
    [InlineData(ChannelKind.Douyin, "100%off", "user%7Calready-escaped")]
    [InlineData(ChannelKind.WeChat, "wx account with spaces", " leading and trailing ")]
    [InlineData(ChannelKind.WeCom, "企业微信账号", "张三")]
    public void Parse_ToStringOfAKey_ReturnsTheSameKey(ChannelKind channel, string account, string user)
    {
        var key = new ConversationKey(channel, account, user);

        var parsed = ConversationKey.Parse(key.ToString());

        Assert.Equal(key, parsed);
        Assert.Equal((channel, account, user), (parsed.Channel, parsed.Account, parsed.User));
    }

    [Fact]
    public void ToString_IdsWithSeparatorsAndPercent_EscapesThemInsideTheirPart() =>
        Assert.Equal(
            "wecom|ww0123%7C1000002|wm%25%7C%20%E5%BC%A0",
            new ConversationKey(ChannelKind.WeCom, "ww0123|1000002", "wm%| 张").ToString());

    [Theory]
    [InlineData("wechat|wx1234567890abcdef|oX1a2B3c", ChannelKind.WeChat)]
    [InlineData("wecom|ww0123|wm1", ChannelKind.WeCom)]
    [InlineData("douyin|acc|open1", ChannelKind.Douyin)]
    public void TryParse_LowerCaseChannelName_Succeeds(string value, ChannelKind channel)
    {
        var parsed = ConversationKey.TryParse(value, out var key);

        Assert.True(parsed);
        Assert.Equal(channel, key!.Value.Channel);
    }

    [Theory]
    [InlineData("qq|wx1234567890abcdef|oX1a2B3c")]
    [InlineData("0|wx1234567890abcdef|oX1a2B3c")]
    [InlineData("WeChat|wx1234567890abcdef|oX1a2B3c")]
    [InlineData("WECHAT|wx1234567890abcdef|oX1a2B3c")]
    [InlineData("wechat|wx1234567890abcdef")]
    [InlineData("wechat")]
    [InlineData("wechat||oX1a2B3c")]
    [InlineData("wechat|wx1234567890abcdef|")]
    [InlineData("|wx1234567890abcdef|oX1a2B3c")]
    [InlineData("wechat|%20|oX1a2B3c")]
    [InlineData("wechat|wx1234567890abcdef|oX1a2B3c|extra")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAKey_ReturnsFalse(string? value)
    {
        var parsed = ConversationKey.TryParse(value, out var key);

        Assert.False(parsed);
        Assert.Null(key);
    }

    [Fact]
    public void Parse_NotAKey_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => ConversationKey.Parse("wechat|only-two"));
}
