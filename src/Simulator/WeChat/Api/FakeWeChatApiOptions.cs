namespace CustomerService.Simulator.WeChat.Api;

/// <summary>How <see cref="FakeWeChatApiServer"/> runs. The defaults are the platform's real rules.</summary>
public sealed class FakeWeChatApiOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The clock of tokens, windows and typing; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The least time between two force refreshes that take effect (30 s on the platform: "连续使用该模式时，请保证调用时间隔至少为30s，
    /// 否则不会刷新", https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
    /// </summary>
    public TimeSpan ForceRefreshMinInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Force refreshes allowed per Beijing day (20 on the platform); more get 45009.</summary>
    public int ForceRefreshDailyCap { get; init; } = 20;

    /// <summary>A new token's lifetime (7200 s on the platform).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(7200);

    /// <summary>
    /// True (the default) to enforce the customer-service quota: a user must be known and inside a grant (see
    /// <see cref="FakeWeChatApiServer.RecordUserMessage"/>). False accepts every send to any openid, for a human
    /// trying the simulator without telling it about user messages.
    /// </summary>
    public bool EnforceQuota { get; init; } = true;
}
