using System.Text.Json;
using CustomerService.Channels.Text;
using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

/// <summary>The complete OA requests in Samples/WeChat/payloads, through the verifier as the ingress uses it.</summary>
public sealed class WeChatPayloadTests
{
    private const string PayloadDir = "WeChat/payloads";

    // Values in expected.parsed that are derived, not elements.
    private static readonly HashSet<string> DerivedKeys = ["scene_id_after_stripping_prefix"];

    private static readonly Dictionary<string, Func<WeChatInboundMessage, string?>> Properties = new(StringComparer.Ordinal)
    {
        ["ToUserName"] = m => m.ToUserName,
        ["FromUserName"] = m => m.FromUserName,
        ["CreateTime"] = m => m.CreateTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MsgType"] = m => m.MsgType,
        ["Content"] = m => m.Content,
        ["MsgId"] = m => m.MsgId,
        ["MediaId"] = m => m.MediaId,
        ["Format"] = m => m.Format,
        ["Recognition"] = m => m.Recognition,
        ["Event"] = m => m.Event,
        ["EventKey"] = m => m.EventKey,
        ["Ticket"] = m => m.Ticket,
    };

    public static TheoryData<string> PlaintextPayloads => new(Samples.Names(PayloadDir).Where(
        file => Expected(file).TryGetProperty("signature_valid", out var valid) && valid.GetBoolean()));

    public static TheoryData<string> ParsedPayloads => new(Samples.Names(PayloadDir).Where(
        file => Expected(file).TryGetProperty("parsed", out _)));

    public static TheoryData<string> DecryptedPayloads => new(Samples.Names(PayloadDir).Where(
        file => Expected(file).TryGetProperty("decrypted_xml", out _)));

    [Theory]
    [MemberData(nameof(PlaintextPayloads))]
    public void Verify_PlaintextPayloadSignature_ReturnsTrue(string file)
    {
        var payload = Samples.Load(PayloadDir, file);
        var query = WeChatCallbackQuery.Parse(payload.GetProperty("request").String("query"));

        Assert.True(WeChatSignature.Verify(query.Signature, payload.GetProperty("config").String("token"), query.Timestamp!, query.Nonce!));
    }

    [Theory]
    [MemberData(nameof(PlaintextPayloads))]
    public void VerifyMessage_PlaintextPayload_AcceptsBodyAsPlainXml(string file)
    {
        var (result, body) = Verify(file);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
        Assert.Null(result.Reason);
        Assert.Equal(WeChatEncryptionMode.Plaintext, result.Mode);
        Assert.Equal(body, result.PlainXml);
    }

    [Theory]
    [MemberData(nameof(ParsedPayloads))]
    public void VerifyMessage_Payload_FieldsEqualExpectedParsed(string file)
    {
        var (result, _) = Verify(file);
        Assert.True(result.IsAccepted, result.Reason);

        foreach (var property in Expected(file).GetProperty("parsed").EnumerateObject().Where(p => !DerivedKeys.Contains(p.Name)))
        {
            Assert.Equal(ElementText(property.Value), result.Message.Fields[property.Name]);
        }
    }

    [Theory]
    [MemberData(nameof(ParsedPayloads))]
    public void VerifyMessage_Payload_PropertiesEqualExpectedParsed(string file)
    {
        var (result, _) = Verify(file);
        Assert.True(result.IsAccepted, result.Reason);

        foreach (var property in Expected(file).GetProperty("parsed").EnumerateObject().Where(p => !DerivedKeys.Contains(p.Name)))
        {
            Assert.Equal(ElementText(property.Value), Properties[property.Name](result.Message));
        }
    }

    [Fact]
    public void VerifyMessage_Payload01_ContentHasExpectedLengths()
    {
        var lengths = Expected("01_mp_plain_text_emoji.json").GetProperty("content_lengths");

        var (result, _) = Verify("01_mp_plain_text_emoji.json");
        var content = result.Message!.Content!;

        Assert.Equal(lengths.GetProperty("utf8_bytes").GetInt32(), Utf8Text.ByteCount(content));
        Assert.Equal(lengths.GetProperty("utf16_code_units_dotnet_string_length").GetInt32(), content.Length);
        Assert.Equal(111, Utf8Text.ByteCount(content));
        Assert.Equal(47, content.Length);
    }

    [Theory]
    [InlineData("01_mp_plain_text_emoji.json", "msg:24600000000000001")]
    [InlineData("02_mp_plain_voice_recognition.json", "msg:1234567890123456")]
    [InlineData("03_mp_plain_event_subscribe_qrscene.json", "evt:123456789:subscribe:qrscene_123123")]
    public void VerifyMessage_Payload_HasExpectedDedupKey(string file, string expected)
    {
        var (result, _) = Verify(file);

        Assert.Equal(expected, result.Message!.DedupKey);
    }

    [Fact]
    public void VerifyMessage_Payload03_IsSubscribeEventWithoutMsgId()
    {
        var (result, _) = Verify("03_mp_plain_event_subscribe_qrscene.json");

        Assert.True(result.Message!.IsEvent);
        Assert.Null(result.Message.MsgId);
    }

    [Theory]
    [MemberData(nameof(DecryptedPayloads))]
    public void VerifyMessage_CompatiblePayload_ReturnsDecryptedXml(string file)
    {
        var (result, _) = Verify(file);

        Assert.Equal(WeChatCallbackOutcome.Accepted, result.Outcome);
        Assert.Equal(WeChatEncryptionMode.Compatible, result.Mode);
        Assert.Equal(Expected(file).String("decrypted_xml"), result.PlainXml);
        Assert.Equal(Expected(file).GetProperty("parsed").String("FromUserName"), result.Message!.FromUserName);
    }

    [Theory]
    [MemberData(nameof(DecryptedPayloads))]
    public void Decrypt_CompatiblePayloadEncrypt_ReturnsExpectedReceiveId(string file)
    {
        var payload = Samples.Load(PayloadDir, file);
        var config = payload.GetProperty("config");
        Assert.True(WeChatXml.TryParseFields(payload.GetProperty("request").String("body"), out var outer, out _));
        var crypto = new WeChatMessageCrypto(config.String("encoding_aes_key"), config.String("appid"));

        var decrypted = crypto.Decrypt(outer["Encrypt"]);

        Assert.Equal(Expected(file).String("decrypted_receiveid"), decrypted.ReceiveId);
        Assert.Equal(Expected(file).String("decrypted_xml"), decrypted.Message);
    }

    [Fact]
    public void VerifyMessage_CompatiblePayloadWithForgedPlaintextCopy_TrustsDecryptedCopy()
    {
        // The plaintext copy is not covered by msg_signature; only the decrypted copy is authentic.
        const string file = "05_mp_compat_mode_official_sample.json";
        var (result, _) = Verify(file, body => body
            .Replace("oyORnuP8q7ou2gfYjqLzSIWZf0rs", "oAttacker000000000000000000", StringComparison.Ordinal)
            .Replace("abcdteT", "forged", StringComparison.Ordinal));

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("oyORnuP8q7ou2gfYjqLzSIWZf0rs", result.Message.FromUserName);
        Assert.Equal("abcdteT", result.Message.Content);
    }

    private static JsonElement Expected(string file) => Samples.Load(PayloadDir, file).GetProperty("expected");

    // expected.parsed holds element text: numbers are the element's digits.
    private static string ElementText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static (WeChatCallbackResult Result, string Body) Verify(string file, Func<string, string>? editBody = null)
    {
        var payload = Samples.Load(PayloadDir, file);
        var config = payload.GetProperty("config");
        var request = payload.GetProperty("request");
        var secrets = new WeChatAccountSecrets
        {
            // Plaintext-only payloads carry just a token; the verifier still needs a valid key and AppId.
            AppId = config.OptionalString("appid") ?? "wx0000000000000000",
            Token = config.String("token"),
            EncodingAesKey = config.OptionalString("encoding_aes_key") ?? "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        };
        var body = request.String("body");
        body = editBody is null ? body : editBody(body);

        // The samples' timestamps are years old: verify with the replay window off.
        var verifier = new WeChatCallbackVerifier(secrets, TimeSpan.Zero, TestAccount.Clock(), acceptPlaintext: true);
        return (verifier.VerifyMessage(WeChatCallbackQuery.Parse(request.String("query")), body), body);
    }
}
