using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>The persisted delivery facts of one account. Holds no secret: the fingerprint is a hash.</summary>
[GenerateSerializer, Alias("cs.AccountDeliveryState")]
public sealed record AccountDeliveryState
{
    [Id(0)] public AccountCapability Capability { get; set; }

    /// <summary>The settings the capability was learnt under.</summary>
    [Id(1)] public string? SettingsFingerprint { get; set; }

    [Id(2)] public DateTimeOffset? CapabilitySince { get; set; }

    [Id(3)] public DateTimeOffset? PausedUntil { get; set; }

    [Id(4)] public int? LastErrorCode { get; set; }

    [Id(5)] public string? LastError { get; set; }

    [Id(6)] public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>The platform's code that made the account passive only (kept apart: later errors do not replace it).</summary>
    [Id(7)] public int? RefusalCode { get; set; }

    /// <summary>The platform's message with <see cref="RefusalCode"/>.</summary>
    [Id(8)] public string? Refusal { get; set; }

    /// <summary>When a passive-only capability learnt from a configuration error is checked again (null: only on a settings change).</summary>
    [Id(9)] public DateTimeOffset? RecheckAt { get; set; }
}
