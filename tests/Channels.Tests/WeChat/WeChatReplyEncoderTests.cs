using CustomerService.Channels.WeChat;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatReplyEncoderTests
{
    private const string User = "oX1a2B3c4D5e6F7g8H9i0JkLmNoP";
    private const string Account = "gh_0123456789ab";

    public static TheoryData<WeChatEncryptionMode> Modes => new(Enum.GetValues<WeChatEncryptionMode>());

    [Fact]
    public void BuildTextReplyXml_Text_HasDocumentedShape()
    {
        var xml = WeChatReplyEncoder.BuildTextReplyXml(User, Account, 1718000002, "你好");

        Assert.Equal(
            "<xml><ToUserName><![CDATA[oX1a2B3c4D5e6F7g8H9i0JkLmNoP]]></ToUserName><FromUserName><![CDATA[gh_0123456789ab]]></FromUserName>"
            + "<CreateTime>1718000002</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>",
            xml);
    }

    [Fact]
    public void BuildTextReplyXml_CDataTerminatorInContent_SplitsSection()
    {
        var xml = WeChatReplyEncoder.BuildTextReplyXml(User, Account, 1, "a]]>b");

        Assert.Contains("<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildTextReplyXml_InvalidCharacters_AreStrippedFromAllText()
    {
        var xml = Printable.Escape(WeChatReplyEncoder.BuildTextReplyXml("o\u0001User", "gh\u0000", 1, "a\u0002b\u000Bc\uFFFF"));

        Assert.Contains("<ToUserName><![CDATA[oUser]]></ToUserName>", xml, StringComparison.Ordinal);
        Assert.Contains("<FromUserName><![CDATA[gh]]></FromUserName>", xml, StringComparison.Ordinal);
        Assert.Contains("<Content><![CDATA[abc]]></Content>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeTextReply_Plaintext_IsTextReplyXmlWithClockTime()
    {
        var encoder = new WeChatReplyEncoder(TestAccount.Secrets, TestAccount.Clock());

        var body = encoder.EncodeTextReply(WeChatEncryptionMode.Plaintext, User, Account, "hi", "123");

        Assert.Equal(WeChatReplyEncoder.BuildTextReplyXml(User, Account, TestAccount.Now, "hi"), body);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void EncodeTextReply_AesMode_EnvelopeIsSignedWithClockAndGivenNonce(WeChatEncryptionMode mode)
    {
        var encoder = new WeChatReplyEncoder(TestAccount.Secrets, TestAccount.Clock());

        var body = encoder.EncodeTextReply(mode, User, Account, "hi", "415670741");

        Assert.True(WeChatXml.TryParseFields(body, out var fields, out _));
        Assert.Equal(["Encrypt", "MsgSignature", "Nonce", "TimeStamp"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1718000001", fields["TimeStamp"]);
        Assert.Equal("415670741", fields["Nonce"]);
        Assert.Equal(
            WeChatSignature.Compute(TestAccount.Secrets.Token, "1718000001", "415670741", fields["Encrypt"]),
            fields["MsgSignature"]);
        Assert.Matches(@"^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]></Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]></MsgSignature><TimeStamp>1718000001</TimeStamp><Nonce><!\[CDATA\[415670741\]\]></Nonce></xml>$", body);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void EncodeTextReply_EachMode_RoundTripsThroughDecoder(WeChatEncryptionMode mode)
    {
        var encoder = new WeChatReplyEncoder(TestAccount.Secrets, TestAccount.Clock());
        const string content = "您的订单 #A1024 已发货 📦 家人👨‍👩‍👧\n第二行 <b>&amp;</b>";

        var decoded = new WeChatReplyDecoder(TestAccount.Secrets).Decode(encoder.EncodeTextReply(mode, User, Account, content, "123"), mode);

        Assert.True(decoded.Succeeded, decoded.Error);
        Assert.False(decoded.IsAcknowledgementOnly);
        Assert.Equal(mode != WeChatEncryptionMode.Plaintext, decoded.WasEncrypted);
        Assert.Equal("text", decoded.MsgType);
        Assert.Equal(content, decoded.Content);
        Assert.Equal(User, decoded.ToUserName);
        Assert.Equal(Account, decoded.FromUserName);
        Assert.Equal(WeChatReplyEncoder.BuildTextReplyXml(User, Account, TestAccount.Now, content), decoded.PlainXml);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void EncodeTextReply_CDataTerminatorInContent_SurvivesRoundTrip(WeChatEncryptionMode mode)
    {
        var encoder = new WeChatReplyEncoder(TestAccount.Secrets, TestAccount.Clock());
        const string content = "]]>start, mid ]]> and ]]]]> end]]>";

        var decoded = new WeChatReplyDecoder(TestAccount.Secrets).Decode(encoder.EncodeTextReply(mode, User, Account, content, "123"), mode);

        Assert.Equal(content, decoded.Content);
    }

    [Fact]
    public void EncryptReplyXml_AnyReplyXml_RoundTripsThroughDecoder()
    {
        var encoder = new WeChatReplyEncoder(TestAccount.Secrets, TestAccount.Clock());
        var imageReply = $"<xml><ToUserName><![CDATA[{User}]]></ToUserName><FromUserName><![CDATA[{Account}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[m]]></MediaId></Image></xml>";

        var decoded = new WeChatReplyDecoder(TestAccount.Secrets).Decode(encoder.EncryptReplyXml(imageReply, "1"), WeChatEncryptionMode.Safe);

        Assert.Equal("image", decoded.MsgType);
        Assert.Equal(imageReply, decoded.PlainXml);
    }

    [Fact]
    public void Success_Constant_IsLiteralSuccess()
    {
        Assert.Equal("success", WeChatReplyEncoder.Success);
    }
}
