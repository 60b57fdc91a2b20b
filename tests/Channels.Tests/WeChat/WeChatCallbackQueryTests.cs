using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatCallbackQueryTests
{
    [Fact]
    public void Parse_AllKeys_MapsEachValue()
    {
        var query = WeChatCallbackQuery.Parse(
            "?signature=s&timestamp=1&nonce=n&echostr=e&encrypt_type=aes&msg_signature=m&openid=o&unknown=x");

        Assert.Equal(
            new WeChatCallbackQuery
            {
                Signature = "s",
                Timestamp = "1",
                Nonce = "n",
                EchoStr = "e",
                EncryptType = "aes",
                MsgSignature = "m",
                OpenId = "o",
            },
            query);
    }

    [Fact]
    public void Parse_PercentEncodedValue_DecodesExactlyOnce()
    {
        var query = WeChatCallbackQuery.Parse("echostr=a%2Bb%2Fc%3D%252B");

        Assert.Equal("a+b/c=%2B", query.EchoStr);
    }

    [Fact]
    public void Parse_LiteralPlus_StaysPlus()
    {
        Assert.Equal("a+b", WeChatCallbackQuery.Parse("echostr=a+b").EchoStr);
    }

    [Fact]
    public void Parse_MissingKeys_AreNull()
    {
        var query = WeChatCallbackQuery.Parse("timestamp=1409735669&nonce=1320562132");

        Assert.Null(query.Signature);
        Assert.Null(query.EncryptType);
        Assert.Equal("1409735669", query.Timestamp);
    }
}
