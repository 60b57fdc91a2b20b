namespace CustomerService.Simulator.WeChat.Api;

/// <summary>Messages a user's action allows until a time. Mutable; guarded by the platform's lock.</summary>
internal sealed class FakeGrant(DateTimeOffset expiresAt, int remaining)
{
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public int Remaining { get; set; } = remaining;
}
