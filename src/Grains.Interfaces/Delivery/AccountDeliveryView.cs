namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>One account's delivery capability and pause, as kept by <see cref="IAccountDeliveryGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("cs.AccountDeliveryView")]
public sealed record AccountDeliveryView
{
    /// <summary>What the account has been shown able to do, under the current settings.</summary>
    [Id(0)] public required AccountCapability Capability { get; init; }

    /// <summary>Sending is paused until then (a per-minute or daily API quota); null when not paused.</summary>
    [Id(1)] public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>The platform's last error code for this account, if any.</summary>
    [Id(2)] public int? LastErrorCode { get; init; }

    /// <summary>The platform's last error message (never a secret).</summary>
    [Id(3)] public string? LastError { get; init; }

    /// <summary>When the last error happened.</summary>
    [Id(4)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When the capability was last established or changed.</summary>
    [Id(5)] public DateTimeOffset? CapabilitySince { get; init; }

    /// <summary>
    /// The platform's code that made the account passive only (48001, 48004, 40164, a token configuration error), kept
    /// while it holds: a later, unrelated error changes <see cref="LastErrorCode"/>, never this.
    /// </summary>
    [Id(6)] public int? RefusalCode { get; init; }

    /// <summary>The platform's message with <see cref="RefusalCode"/> (never a secret).</summary>
    [Id(7)] public string? Refusal { get; init; }

    /// <summary>When a refusal for a configuration fixed outside our settings (IP whitelist, frozen secret) is checked again.</summary>
    [Id(8)] public DateTimeOffset? RecheckAt { get; init; }
}
