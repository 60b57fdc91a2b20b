using CustomerService.Channels.WeChat;
using CustomerService.Simulator.WeChat;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// The Official Account of the cluster tests: obviously fake, passive (no AppSecret, so nothing is pushed), given to
/// every silo and ingress process as a Deployment's ConfigMap and Secret would.
/// </summary>
public static class ClusterTestAccount
{
    public const string AppId = "wxclustertest0001";

    public const string OriginalId = "gh_clustertest01";

    public const string Token = "ClusterTestToken1";

    public const string EncodingAesKey = "ClusterTestKeyClusterTestKeyClusterTestKey0";

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Channels:WeChat:Accounts:0:AppId"] = AppId,
        ["Channels:WeChat:Accounts:0:Token"] = Token,
        ["Channels:WeChat:Accounts:0:EncodingAesKey"] = EncodingAesKey,
        ["Channels:WeChat:Accounts:0:ReplyMode"] = "Passive",
    };

    /// <summary>
    /// A simulated WeChat for this account in safe mode, talking to <paramref name="ingress"/>: 5 s per attempt, and
    /// WeChat's 3 attempts unless a test wants fewer.
    /// </summary>
    public static WeChatUserSimulator Simulator(HttpClient client, Uri ingress, int attempts = 3) => new(
        client,
        new WeChatSimulatorSettings
        {
            ServerUrl = ingress,
            AppId = AppId,
            OriginalId = OriginalId,
            Token = Token,
            EncodingAesKey = EncodingAesKey,
            Mode = WeChatEncryptionMode.Safe,
            Attempts = attempts,
        },
        TimeProvider.System);
}
