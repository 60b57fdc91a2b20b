namespace CustomerService.Grains.Delivery.Quota;

/// <summary>What opened a quota grant. Stored as its number: never renumber a member.</summary>
[GenerateSerializer, Alias("cs.QuotaGrantKind")]
public enum QuotaGrantKind
{
    /// <summary>A user message: opens the 48 h window, and a newer one replaces it.</summary>
    UserMessage = 0,

    /// <summary>A menu click, QR scan or follow: a short grant that does not open the window.</summary>
    Interaction = 1,
}
