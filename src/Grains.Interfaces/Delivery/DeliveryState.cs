namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// Where one generated reply stands in the delivery ledger. Every reply is in exactly one state, so that the
/// per-account counts always satisfy generated = pending + delivered + held + in doubt + failed + expired.
/// </summary>
[Alias("cs.DeliveryState")]
public enum DeliveryState
{
    /// <summary>Generated, not yet out: waiting for its passive claim or for the outbox to send it.</summary>
    Pending = 0,

    /// <summary>Every part reached the platform.</summary>
    Delivered = 1,

    /// <summary>Kept back for a platform rule (window, quota, a paused or passive account); goes out at the next chance.</summary>
    Held = 2,

    /// <summary>A part may or may not have reached the user (a timeout or a lost connection after sending).</summary>
    InDoubt = 3,

    /// <summary>The platform refused it for good (the user blocked the account, turned messages off, …).</summary>
    Failed = 4,

    /// <summary>Held for longer than <c>HeldReplyMaxAgeHours</c>, or the user unsubscribed: dropped.</summary>
    Expired = 5,
}
