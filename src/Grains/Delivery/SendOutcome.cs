namespace CustomerService.Grains.Delivery;

/// <summary>The result of one platform send.</summary>
public sealed record SendOutcome
{
    public required SendOutcomeKind Kind { get; init; }

    /// <summary>The platform's error code, when it gave one.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>A short reason for the ledger and logs (never a secret or a token).</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="SendOutcomeKind.AccountPaused"/>: when sending may resume.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>
    /// For <see cref="SendOutcomeKind.AccountPassiveOnly"/> caused by a configuration the operator fixes outside our
    /// settings (an IP whitelist, a frozen or reset AppSecret): how long until the account's capability is checked
    /// again. Null for a refusal of the API itself (48001, 48004), which holds until the account's settings change.
    /// </summary>
    public TimeSpan? RecheckAfter { get; init; }

    public static SendOutcome Sent { get; } = new() { Kind = SendOutcomeKind.Sent };

    /// <summary>The ledger's reason text: the kind and the platform code.</summary>
    public string Describe() => ErrorCode is { } code ? $"{Reason ?? Kind.ToString()} ({code})" : Reason ?? Kind.ToString();
}
