namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>One reply's current ledger state, as reported to <see cref="IDeliveryStatsGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("cs.DeliveryReport")]
public sealed record DeliveryReport
{
    /// <summary>Unique for the account: the conversation key and the push's dedup id.</summary>
    [Id(0)] public required string ReplyId { get; init; }

    /// <summary>The reply's state now.</summary>
    [Id(1)] public required DeliveryState State { get; init; }

    /// <summary>
    /// The state the counts last confirmed for this reply, or null when this is its first report. A report that moves
    /// from a confirmed state the counts no longer hold (the reply finished since) is a repeat and changes nothing.
    /// </summary>
    [Id(2)] public DeliveryState? Previous { get; init; }
}
