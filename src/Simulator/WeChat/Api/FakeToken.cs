namespace CustomerService.Simulator.WeChat.Api;

/// <summary>An access token the fake issued. Mutable; guarded by the platform's lock.</summary>
internal sealed class FakeToken(string value, string appId, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public string AppId { get; } = appId;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    /// <summary>Rejected with 40001 from now on (revoked, or replaced by a force refresh or a rotation).</summary>
    public bool Rejected { get; set; }
}
