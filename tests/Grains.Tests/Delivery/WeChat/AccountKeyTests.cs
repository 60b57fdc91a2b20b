using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

public sealed class AccountKeyTests
{
    [Fact]
    public void ToString_WeChatAccount_IsChannelBarAppId() =>
        Assert.Equal("wechat|wx1234567890abcdef", AccountKey.WeChat("wx1234567890abcdef").ToString());

    [Fact]
    public void Parse_ToStringOfAKeyWithABar_RoundTrips()
    {
        var key = new AccountKey(ChannelKind.WeCom, "ww123|agent 1000002");

        Assert.Equal(key, AccountKey.Parse(key.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wechat")]
    [InlineData("wechat|")]
    [InlineData("WeChat|wx1")]
    [InlineData("sms|wx1")]
    [InlineData("wechat|wx1|extra")]
    public void TryParse_NotAKey_ReturnsFalse(string value) => Assert.False(AccountKey.TryParse(value, out _));

    [Fact]
    public void Ctor_EmptyAccount_Throws() => Assert.Throws<ArgumentException>(() => new AccountKey(ChannelKind.WeChat, " "));
}
