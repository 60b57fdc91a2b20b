namespace CustomerService.Simulator.WeChat.Api;

/// <summary>One registered Official Account. Mutable; guarded by the platform's lock.</summary>
internal sealed class FakeAccount(string appId, string appSecret)
{
    public string AppId { get; } = appId;

    public string AppSecret { get; } = appSecret;

    public bool CanUseCustomerService { get; set; } = true;

    /// <summary>The current token of <c>stable_token</c>.</summary>
    public FakeToken? Stable { get; set; }

    /// <summary>The current token of <c>/cgi-bin/token</c>; the two families are independent on the platform.</summary>
    public FakeToken? Classic { get; set; }

    public DateTimeOffset? LastForceRefreshAt { get; set; }

    public DateOnly ForceRefreshDay { get; set; }

    public int ForceRefreshesToday { get; set; }

    public Dictionary<string, FakeUser> Users { get; } = new(StringComparer.Ordinal);
}
