using CustomerService.Channels.WeChat;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// The Official Account the test hosts are configured with. Obviously fake, and not the demo account (which the
/// validator refuses outside Development, and the hosts run as "Test").
/// </summary>
public static class TestAccount
{
    public const string AppId = "wxtest00000000000";

    public const string OriginalId = "gh_test000000000";

    public const string Token = "IngressTestToken1";

    public const string EncodingAesKey = "IngressTestKeyIngressTestKeyIngressTestKey0";

    public static WeChatAccountSecrets Secrets { get; } = new() { AppId = AppId, Token = Token, EncodingAesKey = EncodingAesKey };

    public static string CallbackPath => "/wechat/" + AppId;

    /// <summary>The configuration that registers this account as the only one.</summary>
    /// <summary>The operator key of the test hosts.</summary>
    public const string AdminApiKey = "IngressTestAdminKey0001";

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Channels:WeChat:Accounts:0:AppId"] = AppId,
        ["Channels:WeChat:Accounts:0:Token"] = Token,
        ["Channels:WeChat:Accounts:0:EncodingAesKey"] = EncodingAesKey,
        // The ingress tests cover all three modes; PlaintextPolicyTests shows the default (plaintext refused).
        ["Channels:WeChat:Accounts:0:AcceptPlaintext"] = "true",
        ["Admin:ApiKey"] = AdminApiKey,
    };

    /// <summary>A simulated WeChat for this account in safe mode, talking through <paramref name="client"/>.</summary>
    public static WeChatUserSimulator Simulator(HttpClient client) => new(
        client,
        new WeChatSimulatorSettings
        {
            ServerUrl = client.BaseAddress!,
            AppId = AppId,
            OriginalId = OriginalId,
            Token = Token,
            EncodingAesKey = EncodingAesKey,
            Mode = WeChatEncryptionMode.Safe,
        },
        TimeProvider.System);
}
