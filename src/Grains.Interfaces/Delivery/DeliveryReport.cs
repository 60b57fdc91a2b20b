namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>One reply's current ledger state, as reported to <see cref="IDeliveryStatsGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("cs.DeliveryReport")]
public sealed record DeliveryReport
{
    /// <summary>Unique for the account: the conversation key and the push's dedup id.</summary>
    [Id(0)] public required string ReplyId { get; init; }

    /// <summary>The reply's state now.</summary>
    [Id(1)] public required DeliveryState State { get; init; }
}
