namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// Where a recorded reply stands: the delivery ledger's six states (the same numbers as
/// <see cref="Delivery.DeliveryState"/>) plus the passive reply's own steps, which the ledger does not count.
/// </summary>
[Alias("cs.RecordDeliveryState")]
public enum RecordDeliveryState
{
    /// <summary>Generated, not yet out.</summary>
    Pending = 0,

    /// <summary>Every part reached the platform.</summary>
    Delivered = 1,

    /// <summary>Kept back for a platform rule; the reason says which.</summary>
    Held = 2,

    /// <summary>A part may or may not have reached the user.</summary>
    InDoubt = 3,

    /// <summary>The platform refused it for good.</summary>
    Failed = 4,

    /// <summary>Held too long, or the user unsubscribed: dropped.</summary>
    Expired = 5,

    /// <summary>The platform's attempts so far were held open with no answer, because the answer was not ready.</summary>
    HeldNoAnswer = 6,

    /// <summary>The platform's last attempt got the "still working" text; the answer follows later.</summary>
    StillWorking = 7,

    /// <summary>The answer came late and went out in front of the reply to a later message.</summary>
    LateDelivered = 8,
}
