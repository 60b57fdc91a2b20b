using CustomerService.Channels.WeChat;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatInboundMessageTests
{
    private const string Envelope =
        "<ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1718000000</CreateTime>";

    [Fact]
    public void TryParse_TextMessage_MapsFields()
    {
        var ok = WeChatInboundMessage.TryParse(
            $"<xml>{Envelope}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>24600000000000001</MsgId><MsgDataId>7</MsgDataId><Idx>1</Idx></xml>",
            out var message,
            out var error);

        Assert.True(ok);
        Assert.NotNull(message);
        Assert.Null(error);
        Assert.Equal("gh_0123456789ab", message.ToUserName);
        Assert.Equal("oUser", message.FromUserName);
        Assert.Equal(1718000000L, message.CreateTime);
        Assert.Equal("text", message.MsgType);
        Assert.Equal("hi", message.Content);
        Assert.Equal("24600000000000001", message.MsgId);
        Assert.Equal("7", message.MsgDataId);
        Assert.Equal("1", message.Idx);
        Assert.False(message.IsEvent);
        Assert.Equal("msg:24600000000000001", message.DedupKey);
    }

    [Fact]
    public void TryParse_LocationMessage_MapsUnderscoreNames()
    {
        var message = Parsed(
            $"<xml>{Envelope}<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1</MsgId></xml>");

        Assert.Equal("23.134521", message.LocationX);
        Assert.Equal("113.358803", message.LocationY);
        Assert.Equal("20", message.Scale);
        Assert.Equal("位置信息", message.Label);
    }

    [Fact]
    public void TryParse_MediaAndLinkFields_AreMapped()
    {
        var message = Parsed(
            $"<xml>{Envelope}<MsgType>video</MsgType><PicUrl>p</PicUrl><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><Format>amr</Format><Recognition>r</Recognition><Title>ti</Title><Description>d</Description><Url>u</Url><MsgId>1</MsgId></xml>");

        Assert.Equal(
            ("p", "m", "t", "amr", "r", "ti", "d", "u"),
            (message.PicUrl, message.MediaId, message.ThumbMediaId, message.Format, message.Recognition, message.Title, message.Description, message.Url));
    }

    [Fact]
    public void TryParse_LocationEvent_MapsEventFields()
    {
        var message = Parsed(
            $"<xml>{Envelope}<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision></xml>");

        Assert.True(message.IsEvent);
        Assert.Equal("LOCATION", message.Event);
        Assert.Equal(("23.137466", "113.352425", "119.385040"), (message.Latitude, message.Longitude, message.Precision));
        Assert.Null(message.MsgId);
        Assert.Equal("evt:1718000000:LOCATION:", message.DedupKey);
    }

    [Fact]
    public void TryParse_TemplateSendJobFinish_ReadsMsgIdAndUsesItForDedup()
    {
        var message = Parsed(
            $"<xml>{Envelope}<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status></xml>");

        Assert.Equal("200163836", message.MsgId);
        Assert.Equal("failed:user block", message.Status);
        Assert.Equal("msg:200163836", message.DedupKey);
    }

    [Fact]
    public void TryParse_ClickEvent_DedupKeyHasTimeEventAndKey()
    {
        var message = Parsed(
            $"<xml>{Envelope}<MsgType>event</MsgType><Event>CLICK</Event><EventKey>MENU_HELP</EventKey></xml>");

        Assert.Equal("evt:1718000000:CLICK:MENU_HELP", message.DedupKey);
    }

    [Fact]
    public void TryParse_UnknownTypeAndExtraFields_AreTolerated()
    {
        var ok = WeChatInboundMessage.TryParse(
            $"<xml>{Envelope}<MsgType>brand_new_type</MsgType><bizmsgmenuid>101</bizmsgmenuid></xml>",
            out var message,
            out _);

        Assert.True(ok);
        Assert.NotNull(message);
        Assert.Equal("brand_new_type", message.MsgType);
        Assert.Equal("101", message.Fields["BizMsgMenuId"]);
        Assert.Equal("evt:1718000000:brand_new_type:", message.DedupKey);
    }

    [Fact]
    public void TryParse_RawControlCharacterInContent_Parses()
    {
        var ok = WeChatInboundMessage.TryParse(
            $"<xml>{Envelope}<MsgType>text</MsgType><Content><![CDATA[a\u0002b]]></Content><MsgId>1</MsgId></xml>",
            out var message,
            out _);

        Assert.True(ok);
        Assert.NotNull(message);
        Assert.Equal(@"a\u0002b", Printable.Escape(message.Content));
    }

    [Fact]
    public void TryParse_ControlCharacterReferenceInContent_Parses()
    {
        var ok = WeChatInboundMessage.TryParse(
            $"<xml>{Envelope}<MsgType>text</MsgType><Content>a&#2;b</Content><MsgId>1</MsgId></xml>",
            out var message,
            out _);

        Assert.True(ok);
        Assert.NotNull(message);
        Assert.Equal(@"a\u0002b", Printable.Escape(message.Content));
    }

    [Fact]
    public void TryParse_BomPrefixedXml_Parses()
    {
        var ok = WeChatInboundMessage.TryParse($"\uFEFF<xml>{Envelope}<MsgType>text</MsgType><MsgId>1</MsgId></xml>", out var message, out _);

        Assert.True(ok);
        Assert.NotNull(message);
        Assert.Equal("oUser", message.FromUserName);
    }

    [Theory]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", "missing ToUserName")]
    [InlineData("<xml><ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", "missing FromUserName")]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><MsgType>text</MsgType></xml>", "missing CreateTime")]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime></xml>", "missing MsgType")]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName></FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", "missing FromUserName")]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>12.5</CreateTime><MsgType>text</MsgType></xml>", "invalid CreateTime")]
    [InlineData("<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>", "invalid CreateTime")]
    [InlineData("<xml><ToUserName>gh</ToUserName>", "malformed XML")]
    public void TryParse_IncompleteMessage_FailsNamingTheProblem(string xml, string expectedError)
    {
        var ok = WeChatInboundMessage.TryParse(xml, out var message, out var error);

        Assert.False(ok);
        Assert.Null(message);
        Assert.Equal(expectedError, error);
    }

    private static WeChatInboundMessage Parsed(string xml)
    {
        Assert.True(WeChatInboundMessage.TryParse(xml, out var message, out var error), error);
        return message;
    }
}
