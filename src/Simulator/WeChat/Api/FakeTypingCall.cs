namespace CustomerService.Simulator.WeChat.Api;

/// <summary>A <c>custom/typing</c> call the fake handled, accepted or not.</summary>
public sealed record FakeTypingCall
{
    /// <summary>The account (the access token's account).</summary>
    public required string AppId { get; init; }

    /// <summary>The user.</summary>
    public required string OpenId { get; init; }

    /// <summary>The <c>command</c> exactly as received.</summary>
    public required string Command { get; init; }

    /// <summary>When the fake's clock handled it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The <c>errcode</c> answered (0 when accepted).</summary>
    public required int ErrorCode { get; init; }
}
