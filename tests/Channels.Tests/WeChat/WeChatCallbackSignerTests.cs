using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatCallbackSignerTests
{
    public static TheoryData<WeChatEncryptionMode> Modes => new(Enum.GetValues<WeChatEncryptionMode>());

    [Theory]
    [MemberData(nameof(Modes))]
    public void Sign_EachMode_IsAcceptedByVerifierInThatMode(WeChatEncryptionMode mode)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
        Assert.Equal(mode, result.Mode);
        Assert.Equal(TestAccount.TextMessageXml, result.PlainXml);
        Assert.Equal("你好👋 家人👨‍👩‍👧", result.Message!.Content);
    }

    [Fact]
    public void Sign_Plaintext_QueryHasSignatureTimestampNonceOpenIdOnly()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);

        Assert.Equal(["signature", "timestamp", "nonce", "openid"], Keys(signed.QueryString));
        Assert.Equal(TestAccount.TextMessageXml, signed.Body);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void Sign_AesMode_QueryAddsEncryptTypeAndMsgSignature(WeChatEncryptionMode mode)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);
        var query = WeChatCallbackQuery.Parse(signed.QueryString);

        Assert.Equal(["signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature"], Keys(signed.QueryString));
        Assert.Equal("aes", query.EncryptType);
        Assert.True(WeChatSignature.Verify(query.Signature, TestAccount.Secrets.Token, signed.Timestamp, signed.Nonce));
    }

    [Fact]
    public void Sign_Safe_BodyHasOnlyToUserNameAndEncrypt()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);

        Assert.True(WeChatXml.TryParseFields(signed.Body, out var fields, out _));
        Assert.Equal(["Encrypt", "ToUserName"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gh_0123456789ab", fields["ToUserName"]);
        Assert.StartsWith("<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[", signed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_Compatible_BodyHasPlaintextFieldsPlusEncrypt()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Compatible);

        Assert.True(WeChatXml.TryParseFields(signed.Body, out var fields, out _));
        Assert.Equal(
            ["Content", "CreateTime", "Encrypt", "FromUserName", "MsgId", "MsgType", "ToUserName"],
            fields.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith(TestAccount.TextMessageXml[..^"</xml>".Length] + "<Encrypt><![CDATA[", signed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_NoOpenId_UsesFromUserName()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);

        Assert.Equal("oX1a2B3c4D5e6F7g8H9i0JkLmNoP", WeChatCallbackQuery.Parse(signed.QueryString).OpenId);
    }

    [Fact]
    public void Sign_ExplicitOpenId_IsPercentEncoded()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext, "o+b/c=d");

        Assert.Contains("openid=o%2Bb%2Fc%3Dd", signed.QueryString, StringComparison.Ordinal);
        Assert.Equal("o+b/c=d", WeChatCallbackQuery.Parse(signed.QueryString).OpenId);
    }

    [Fact]
    public void Sign_Timestamp_IsClockInUnixSeconds()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);

        Assert.Equal("1718000001", signed.Timestamp);
        Assert.Equal("1718000001", WeChatCallbackQuery.Parse(signed.QueryString).Timestamp);
    }

    [Fact]
    public void Sign_Nonce_IsTenDigitsAndFreshEachTime()
    {
        var signer = TestAccount.Signer();

        var nonces = Enumerable.Range(0, 5).Select(_ => signer.Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext).Nonce).ToList();

        Assert.All(nonces, nonce => Assert.Matches("^[1-9][0-9]{9}$", nonce));
        Assert.Equal(5, nonces.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Sign_MalformedMessage_Throws()
    {
        Assert.Throws<ArgumentException>(() => TestAccount.Signer().Sign("<xml><broken>", WeChatEncryptionMode.Safe));
    }

    [Fact]
    public void SignUrlVerification_Query_IsAcceptedByVerifierAndCarriesEchoStr()
    {
        var queryString = TestAccount.Signer().SignUrlVerification("4375120948345356249+/=");
        var query = WeChatCallbackQuery.Parse(queryString);

        Assert.True(TestAccount.Verifier().VerifyUrl(query));
        Assert.Equal("4375120948345356249+/=", query.EchoStr);
        Assert.Equal(["signature", "timestamp", "nonce", "echostr"], Keys(queryString));
    }

    private static string[] Keys(string queryString) =>
        queryString.Split('&').Select(pair => pair[..pair.IndexOf('=', StringComparison.Ordinal)]).ToArray();
}
