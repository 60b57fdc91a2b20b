namespace CustomerService.Grains.Delivery;

/// <summary>One account's delivery settings, read from its channel configuration.</summary>
public sealed record AccountDeliverySettings
{
    /// <summary>The configured mode.</summary>
    public required DeliveryMode Mode { get; init; }

    /// <summary>True when the account has what the push API needs (for WeChat, an AppSecret).</summary>
    public required bool PushConfigured { get; init; }

    /// <summary>
    /// Changes whenever a setting that decides the capability changes (mode, secret), so that capability learnt
    /// under old settings is checked again. A hash: never the secret itself.
    /// </summary>
    public required string Fingerprint { get; init; }

    /// <summary>The most UTF-8 bytes in one pushed text message.</summary>
    public int MaxTextBytes { get; init; } = 2048;

    /// <summary>A held reply is dropped (expired) after this long.</summary>
    public TimeSpan HeldReplyMaxAge { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Whether a handoff is passed to the platform's own human customer service.</summary>
    public bool TransferToHumanService { get; init; } = true;

    /// <summary>For an account the configuration does not know: passive only.</summary>
    public static AccountDeliverySettings PassiveOnly { get; } = new()
    {
        Mode = DeliveryMode.Passive,
        PushConfigured = false,
        Fingerprint = "passive",
    };
}
