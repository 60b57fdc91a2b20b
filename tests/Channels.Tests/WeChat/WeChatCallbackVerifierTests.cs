using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatCallbackVerifierTests
{
    private const string CompatFile = "payloads/05_mp_compat_mode_official_sample.json";

    [Fact]
    public void VerifyUrl_OfficialVector_ReturnsTrue()
    {
        var input = Samples.Load("WeChat", "mp_url_verify_official_doc.json").GetProperty("input");
        var verifier = VerifierFor(input.String("token"), TimeSpan.Zero);
        var query = new WeChatCallbackQuery
        {
            Signature = input.String("signature"),
            Timestamp = input.String("timestamp"),
            Nonce = input.String("nonce"),
            EchoStr = input.String("echostr"),
        };

        Assert.True(verifier.VerifyUrl(query));
    }

    [Fact]
    public void VerifyUrl_WrongSignature_ReturnsFalse()
    {
        var query = WeChatCallbackQuery.Parse(TestAccount.Signer().SignUrlVerification("123"));

        Assert.False(TestAccount.Verifier().VerifyUrl(query with { Signature = new string('0', 40) }));
    }

    [Fact]
    public void VerifyUrl_MissingEchoStr_ReturnsFalse()
    {
        var query = WeChatCallbackQuery.Parse(TestAccount.Signer().SignUrlVerification("123"));

        Assert.False(TestAccount.Verifier().VerifyUrl(query with { EchoStr = null }));
    }

    [Fact]
    public void VerifyUrl_TimestampOutsideWindow_ReturnsFalse()
    {
        var query = WeChatCallbackQuery.Parse(TestAccount.Signer().SignUrlVerification("123"));
        var clock = TestAccount.Clock();
        clock.UtcNow = clock.UtcNow.AddSeconds(301);

        Assert.False(TestAccount.Verifier(clock).VerifyUrl(query));
    }

    [Fact]
    public void VerifyMessage_SafeModeOfficialVector_VerifiesSignatureAndRejectsJsonInner()
    {
        // The official safe-mode example is a JSON-format push: the envelope and signature are right, but the inner
        // document is not XML, so the request gets past every security check and fails on content.
        var input = Samples.Load("WeChat", "mp_safe_mode_json_official_doc.json").GetProperty("input");
        var verifier = new WeChatCallbackVerifier(
            new WeChatAccountSecrets { AppId = input.String("appid"), Token = input.String("token"), EncodingAesKey = input.String("encoding_aes_key") },
            TimeSpan.Zero,
            TestAccount.Clock(),
            acceptPlaintext: true);
        var query = new WeChatCallbackQuery
        {
            Signature = input.String("signature"),
            Timestamp = input.String("timestamp"),
            Nonce = input.String("nonce"),
            EncryptType = "aes",
            MsgSignature = input.String("msg_signature"),
        };
        var body = $"<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[{input.String("encrypt")}]]></Encrypt></xml>";

        var result = verifier.VerifyMessage(query, body);

        Assert.Equal(WeChatCallbackOutcome.BadRequest, result.Outcome);
        Assert.Equal(WeChatEncryptionMode.Safe, result.Mode);
        Assert.Equal("decrypted message: malformed XML", result.Reason);
    }

    // A plaintext signature covers no body: an account that does not accept plaintext refuses even a correctly
    // signed plaintext push (a replayed query string with a made-up body looks exactly like this).
    [Fact]
    public void VerifyMessage_CorrectlySignedPlaintextWhenPlaintextIsNotAccepted_ReturnsUnauthorized()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);

        var result = TestAccount.Verifier(acceptPlaintext: false).VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "plaintext push refused: this account accepts only encrypted pushes (compatible or safe mode); set AcceptPlaintext if it runs in plaintext mode");
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void VerifyMessage_EncryptedWhenPlaintextIsNotAccepted_Accepted(WeChatEncryptionMode mode)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);

        var result = TestAccount.Verifier(acceptPlaintext: false).VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        Assert.Equal((WeChatCallbackOutcome.Accepted, mode), (result.Outcome, result.Mode));
    }

    [Fact]
    public void VerifyMessage_PlaintextBadSignature_ReturnsUnauthorized()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { Signature = new string('a', 40) };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "signature mismatch");
    }

    [Fact]
    public void VerifyMessage_PlaintextBadSignatureAndMalformedBody_ReturnsUnauthorizedBeforeParsing()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { Signature = new string('a', 40) };

        var result = TestAccount.Verifier().VerifyMessage(query, "<xml><broken>");

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "signature mismatch");
    }

    [Fact]
    public void VerifyMessage_PlaintextSignedWithOtherToken_ReturnsUnauthorized()
    {
        var other = new WeChatCallbackSigner(TestAccount.Secrets with { Token = "SomeOtherToken" }, TestAccount.Clock());
        var signed = other.Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "signature mismatch");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void VerifyMessage_PlaintextMissingSignature_ReturnsUnauthorized(string? signature)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { Signature = signature };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "missing signature");
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void VerifyMessage_AesMissingMsgSignature_ReturnsUnauthorizedEvenWithValidSignature(WeChatEncryptionMode mode)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { MsgSignature = null };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "missing msg_signature");
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext, 301)]
    [InlineData(WeChatEncryptionMode.Plaintext, -301)]
    [InlineData(WeChatEncryptionMode.Safe, 301)]
    [InlineData(WeChatEncryptionMode.Compatible, -301)]
    public void VerifyMessage_TimestampOutsideWindow_ReturnsUnauthorized(WeChatEncryptionMode mode, int clockOffsetSeconds)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);
        var clock = TestAccount.Clock();
        clock.UtcNow = clock.UtcNow.AddSeconds(clockOffsetSeconds);

        var result = TestAccount.Verifier(clock, TimeSpan.FromSeconds(300)).VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "timestamp outside replay window");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void VerifyMessage_TimestampAtWindowEdge_IsAccepted(int clockOffsetSeconds)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);
        var clock = TestAccount.Clock();
        clock.UtcNow = clock.UtcNow.AddSeconds(clockOffsetSeconds);

        var result = TestAccount.Verifier(clock, TimeSpan.FromSeconds(300)).VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public void VerifyMessage_ZeroWindowAndYearOldTimestamp_IsAccepted()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);
        var clock = TestAccount.Clock();
        clock.UtcNow = clock.UtcNow.AddDays(365);

        var result = TestAccount.Verifier(clock, TimeSpan.Zero).VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
    }

    [Theory]
    [InlineData(null, "missing timestamp")]
    [InlineData("", "missing timestamp")]
    [InlineData("17180000O1", "invalid timestamp")]
    [InlineData("-1718000001", "invalid timestamp")]
    [InlineData(" 1718000001", "invalid timestamp")]
    [InlineData("99999999999999999999", "invalid timestamp")]
    public void VerifyMessage_UnusableTimestamp_ReturnsUnauthorized(string? timestamp, string reason)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { Timestamp = timestamp };

        var result = TestAccount.Verifier(window: TimeSpan.Zero).VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, reason);
    }

    [Fact]
    public void VerifyMessage_MissingNonce_ReturnsUnauthorized()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { Nonce = null };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "missing nonce");
    }

    [Fact]
    public void VerifyMessage_TamperedEncryptWithOriginalSignature_ReturnsUnauthorized()
    {
        var (query, body) = CompatRequest();
        var encrypt = Encrypt(body);
        var raw = Convert.FromBase64String(encrypt);
        raw[100] ^= 0x01;

        var result = CompatVerifier().VerifyMessage(query, body.Replace(encrypt, Convert.ToBase64String(raw), StringComparison.Ordinal));

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "msg_signature mismatch");
    }

    [Fact]
    public void VerifyMessage_WrongSignatureOverUndecodableEncrypt_ReturnsUnauthorizedWithoutDecrypting()
    {
        var (query, body) = CompatRequest();

        // Were the ciphertext decrypted first, this would be a BadRequest for invalid base64.
        var result = CompatVerifier().VerifyMessage(query, body.Replace(Encrypt(body), "!!not-base64!!", StringComparison.Ordinal));

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "msg_signature mismatch");
    }

    [Fact]
    public void VerifyMessage_TamperedEncryptWithRecomputedSignature_ReturnsBadRequestInvalidPadding()
    {
        // Payload 05: 320-byte ciphertext with pad 2. Flipping the last byte of the penultimate AES block flips the
        // last plaintext byte (the pad length) from 2 to 3, which no longer matches the bytes before it.
        var (query, body) = CompatRequest();
        var encrypt = Encrypt(body);
        var raw = Convert.FromBase64String(encrypt);
        raw[raw.Length - 17] ^= 0x01;
        var tampered = Convert.ToBase64String(raw);
        var resigned = query with { MsgSignature = WeChatSignature.Compute("spamtest", query.Timestamp!, query.Nonce!, tampered) };

        var result = CompatVerifier().VerifyMessage(resigned, body.Replace(encrypt, tampered, StringComparison.Ordinal));

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "invalid padding");
    }

    [Fact]
    public void VerifyMessage_WrongAppId_ReturnsUnauthorizedNamingBothIds()
    {
        var (query, body) = CompatRequest();
        var verifier = new WeChatCallbackVerifier(
            new WeChatAccountSecrets { AppId = "wx0000000000000000", Token = "spamtest", EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" },
            TimeSpan.Zero,
            TestAccount.Clock(),
            acceptPlaintext: true);

        var result = verifier.VerifyMessage(query, body);

        AssertRejected(result, WeChatCallbackOutcome.Unauthorized, "receive id mismatch: expected wx0000000000000000, got wx2c2769f8efd9abc2");
        Assert.Equal(WeChatEncryptionMode.Compatible, result.Mode);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void VerifyMessage_DtdBody_ReturnsBadRequest(WeChatEncryptionMode mode)
    {
        const string dtd = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>gh</ToUserName><Encrypt>&x;</Encrypt></xml>";
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), dtd);

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "DTD not allowed");
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public void VerifyMessage_MalformedBody_ReturnsBadRequest(WeChatEncryptionMode mode)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, mode);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), "<xml><ToUserName>gh</xml>");

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "malformed XML");
    }

    [Theory]
    [InlineData("<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName></xml>")]
    [InlineData("<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[]]></Encrypt></xml>")]
    public void VerifyMessage_AesWithoutEncrypt_ReturnsBadRequest(string body)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), body);

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "missing Encrypt element");
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("aes256")]
    public void VerifyMessage_UnsupportedEncryptType_ReturnsBadRequest(string encryptType)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { EncryptType = encryptType };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "unsupported encrypt_type");
    }

    [Fact]
    public void VerifyMessage_UpperCaseAesEncryptType_IsAccepted()
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Safe);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { EncryptType = "AES" };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
        Assert.Equal(WeChatEncryptionMode.Safe, result.Mode);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("")]
    public void VerifyMessage_RawOrEmptyEncryptType_IsPlaintext(string encryptType)
    {
        var signed = TestAccount.Signer().Sign(TestAccount.TextMessageXml, WeChatEncryptionMode.Plaintext);
        var query = WeChatCallbackQuery.Parse(signed.QueryString) with { EncryptType = encryptType };

        var result = TestAccount.Verifier().VerifyMessage(query, signed.Body);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
        Assert.Equal(WeChatEncryptionMode.Plaintext, result.Mode);
    }

    [Fact]
    public void VerifyMessage_DecryptedMessageMissingMsgType_ReturnsBadRequest()
    {
        var signed = TestAccount.Signer().Sign(
            "<xml><ToUserName>gh_0123456789ab</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime></xml>",
            WeChatEncryptionMode.Safe);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "decrypted message: missing MsgType");
    }

    [Fact]
    public void VerifyMessage_PlaintextMissingFromUserName_ReturnsBadRequest()
    {
        var signed = TestAccount.Signer().Sign(
            "<xml><ToUserName>gh_0123456789ab</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
            WeChatEncryptionMode.Plaintext);

        var result = TestAccount.Verifier().VerifyMessage(WeChatCallbackQuery.Parse(signed.QueryString), signed.Body);

        AssertRejected(result, WeChatCallbackOutcome.BadRequest, "missing FromUserName");
    }

    [Fact]
    public void Constructor_NegativeWindow_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestAccount.Verifier(window: TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Constructor_InvalidKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => TestAccount.Verifier(secrets: TestAccount.Secrets with { EncodingAesKey = "short" }));
    }

    [Fact]
    public void Constructor_EmptyToken_Throws()
    {
        Assert.Throws<ArgumentException>(() => TestAccount.Verifier(secrets: TestAccount.Secrets with { Token = string.Empty }));
    }

    private static void AssertRejected(WeChatCallbackResult result, WeChatCallbackOutcome outcome, string reason)
    {
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(reason, result.Reason);
        Assert.Null(result.Message);
        Assert.Null(result.PlainXml);
    }

    private static WeChatCallbackVerifier VerifierFor(string token, TimeSpan window) =>
        new(TestAccount.Secrets with { Token = token }, window, TestAccount.Clock(), acceptPlaintext: true);

    private static WeChatCallbackVerifier CompatVerifier()
    {
        var config = Samples.Load("WeChat", CompatFile).GetProperty("config");
        return new WeChatCallbackVerifier(
            new WeChatAccountSecrets { AppId = config.String("appid"), Token = config.String("token"), EncodingAesKey = config.String("encoding_aes_key") },
            TimeSpan.Zero,
            TestAccount.Clock(),
            acceptPlaintext: true);
    }

    private static (WeChatCallbackQuery Query, string Body) CompatRequest()
    {
        var request = Samples.Load("WeChat", CompatFile).GetProperty("request");
        return (WeChatCallbackQuery.Parse(request.String("query")), request.String("body"));
    }

    private static string Encrypt(string body)
    {
        Assert.True(WeChatXml.TryParseFields(body, out var fields, out _));
        return fields["Encrypt"];
    }
}
