using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.IngressApi.Admin;

/// <summary>One account in <c>GET /api/status</c>.</summary>
public sealed record AccountStatus
{
    /// <summary>The channel (<c>wechat</c>).</summary>
    public required string Channel { get; init; }

    /// <summary>The account id (an AppId).</summary>
    public required string Account { get; init; }

    /// <summary>The configured mode (Auto, Passive, Push).</summary>
    public required string ReplyMode { get; init; }

    /// <summary>What the account does now: passive, passive-probing, passive-then-push or push.</summary>
    public required string EffectiveMode { get; init; }

    /// <summary>Why the effective mode differs from the configured one, if it does.</summary>
    public string? ModeReason { get; init; }

    /// <summary>The push capability and pause, as the account's grain keeps them.</summary>
    public required AccountDeliveryView Delivery { get; init; }

    /// <summary>The access token's state (never the token), or null when the account has no AppSecret.</summary>
    public AccessTokenStatus? Token { get; init; }

    /// <summary>The durable reply counts: generated is the sum of the others.</summary>
    public required DeliveryCounts Counts { get; init; }
}
