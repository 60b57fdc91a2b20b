using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatReplyDecoderTests
{
    private const string User = "oUser";
    private const string Account = "gh_0123456789ab";

    public static TheoryData<WeChatEncryptionMode> Modes => new(Enum.GetValues<WeChatEncryptionMode>());

    [Theory]
    [MemberData(nameof(Modes))]
    public void Decode_SuccessBody_IsAcknowledgementOnly(WeChatEncryptionMode mode)
    {
        var result = Decoder().Decode("success", mode);

        Assert.True(result.Succeeded);
        Assert.True(result.IsAcknowledgementOnly);
        Assert.Null(result.Content);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Decode_EmptyBody_IsAcknowledgementOnly(WeChatEncryptionMode mode)
    {
        var result = Decoder().Decode(string.Empty, mode);

        Assert.True(result.Succeeded);
        Assert.True(result.IsAcknowledgementOnly);
    }

    [Fact]
    public void Decode_PlaintextReplyInSafeMode_Fails()
    {
        var result = Decoder().Decode(WeChatReplyEncoder.BuildTextReplyXml(User, Account, 1, "hi"), WeChatEncryptionMode.Safe);

        Assert.False(result.Succeeded);
        Assert.Equal("plaintext reply in safe mode", result.Error);
    }

    [Fact]
    public void Decode_PlaintextReplyInCompatibleMode_Succeeds()
    {
        var result = Decoder().Decode(WeChatReplyEncoder.BuildTextReplyXml(User, Account, 1, "hi"), WeChatEncryptionMode.Compatible);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(result.WasEncrypted);
        Assert.Equal("hi", result.Content);
    }

    [Fact]
    public void Decode_EncryptedReplyInPlaintextMode_Fails()
    {
        var body = Encoder().EncodeTextReply(WeChatEncryptionMode.Safe, User, Account, "hi", "1");

        var result = Decoder().Decode(body, WeChatEncryptionMode.Plaintext);

        Assert.False(result.Succeeded);
        Assert.Equal("encrypted reply in plaintext mode", result.Error);
    }

    [Fact]
    public void Decode_EnvelopeWithWrongMsgSignature_Fails()
    {
        var body = Encoder().EncodeTextReply(WeChatEncryptionMode.Safe, User, Account, "hi", "1");
        Assert.True(WeChatXml.TryParseFields(body, out var fields, out _));

        var result = Decoder().Decode(body.Replace(fields["MsgSignature"], new string('0', 40), StringComparison.Ordinal), WeChatEncryptionMode.Safe);

        Assert.False(result.Succeeded);
        Assert.Equal("MsgSignature mismatch", result.Error);
    }

    [Fact]
    public void Decode_EnvelopeWithChangedTimeStamp_Fails()
    {
        var body = Encoder().EncodeTextReply(WeChatEncryptionMode.Safe, User, Account, "hi", "1");

        var result = Decoder().Decode(body.Replace("<TimeStamp>1718000001<", "<TimeStamp>1718000002<", StringComparison.Ordinal), WeChatEncryptionMode.Safe);

        Assert.Equal("MsgSignature mismatch", result.Error);
    }

    [Fact]
    public void Decode_EnvelopeForOtherAppId_Fails()
    {
        var other = new WeChatReplyEncoder(TestAccount.Secrets with { AppId = "wx0000000000000000" }, TestAccount.Clock());
        var body = other.EncodeTextReply(WeChatEncryptionMode.Safe, User, Account, "hi", "1");

        var result = Decoder().Decode(body, WeChatEncryptionMode.Safe);

        Assert.False(result.Succeeded);
        Assert.True(result.WasEncrypted);
        Assert.Equal("decryption failed: ReceiveIdMismatch", result.Error);
    }

    [Fact]
    public void Decode_IncompleteEnvelope_Fails()
    {
        var result = Decoder().Decode("<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>", WeChatEncryptionMode.Safe);

        Assert.Equal("incomplete encrypted envelope", result.Error);
    }

    [Theory]
    [InlineData("{\"errcode\":0}", "malformed XML")]
    [InlineData("Success", "malformed XML")]
    [InlineData("<xml><Content>hi</Content></xml>", "reply: missing MsgType")]
    public void Decode_InvalidPlaintextBody_Fails(string body, string error)
    {
        var result = Decoder().Decode(body, WeChatEncryptionMode.Plaintext);

        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
    }

    private static WeChatReplyDecoder Decoder() => new(TestAccount.Secrets);

    private static WeChatReplyEncoder Encoder() => new(TestAccount.Secrets, TestAccount.Clock());
}
