using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

/// <summary>The synthetic account of the sample payloads (vectors/README.md), plus a sample push.</summary>
internal static class TestAccount
{
    public const long Now = 1718000001;

    public static readonly WeChatAccountSecrets Secrets = new()
    {
        AppId = "wx1234567890abcdef",
        Token = "GatewayTestToken2024",
        EncodingAesKey = "6h+RFKlZQ/+se0ycUy6bwOK+pyQi3rt5fn6Y36L7F+Y",
    };

    public const string TextMessageXml =
        "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oX1a2B3c4D5e6F7g8H9i0JkLmNoP]]></FromUserName>"
        + "<CreateTime>1718000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好👋 家人👨‍👩‍👧]]></Content>"
        + "<MsgId>24600000000000001</MsgId></xml>";

    public static ManualTimeProvider Clock() => ManualTimeProvider.AtUnixSeconds(Now);

    // Plaintext accepted unless a test says otherwise: most verifier tests cover all three modes.
    public static WeChatCallbackVerifier Verifier(TimeProvider? clock = null, TimeSpan? window = null, WeChatAccountSecrets? secrets = null, bool acceptPlaintext = true) =>
        new(secrets ?? Secrets, window ?? TimeSpan.FromMinutes(5), clock ?? Clock(), acceptPlaintext);

    public static WeChatCallbackSigner Signer(TimeProvider? clock = null) => new(Secrets, clock ?? Clock());
}
