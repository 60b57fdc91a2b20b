using CustomerService.Channels.WeChat;

namespace CustomerService.Simulator.WeChat;

/// <summary>Who the simulated WeChat talks to, and how it behaves.</summary>
public sealed record WeChatSimulatorSettings
{
    public Uri ServerUrl { get; init; } = new("http://127.0.0.1:5080");

    public string AppId { get; init; } = WeChatDemoAccount.AppId;

    /// <summary>The account's original id (gh_…), the <c>ToUserName</c> of every push.</summary>
    public string OriginalId { get; init; } = WeChatDemoAccount.OriginalId;

    public string Token { get; init; } = WeChatDemoAccount.Token;

    public string EncodingAesKey { get; init; } = WeChatDemoAccount.EncodingAesKey;

    public WeChatEncryptionMode Mode { get; init; } = WeChatEncryptionMode.Safe;

    /// <summary>WeChat waits this long for an answer before it gives up on an attempt (5 s on the platform).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>WeChat delivers a push at most this many times (3 on the platform).</summary>
    public int Attempts { get; init; } = 3;

    public WeChatAccountSecrets Secrets => new() { AppId = AppId, Token = Token, EncodingAesKey = EncodingAesKey };

    /// <summary>The callback URL of the account.</summary>
    public Uri CallbackUrl => new(ServerUrl, $"/wechat/{Uri.EscapeDataString(AppId)}");
}
