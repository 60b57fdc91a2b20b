namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// An account's durable delivery counts. <see cref="Generated"/> is counted on its own and equals the sum of the others
/// while nothing is lost: every generated reply is in exactly one state.
/// </summary>
[GenerateSerializer, Immutable, Alias("cs.DeliveryCounts")]
public sealed record DeliveryCounts
{
    /// <summary>Replies generated, counted when each is first reported.</summary>
    [Id(0)] public long Generated { get; init; }

    /// <summary>Not yet out.</summary>
    [Id(1)] public long Pending { get; init; }

    /// <summary>A part may not have arrived.</summary>
    [Id(2)] public long InDoubt { get; init; }

    /// <summary>Fully delivered.</summary>
    [Id(3)] public long Delivered { get; init; }

    /// <summary>Kept back for a platform rule.</summary>
    [Id(4)] public long Held { get; init; }

    /// <summary>Refused for good.</summary>
    [Id(5)] public long Failed { get; init; }

    /// <summary>Dropped after too long on hold, or on unsubscribe.</summary>
    [Id(6)] public long Expired { get; init; }
}
