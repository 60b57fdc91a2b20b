using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// The persisted counts of one account. Open replies (pending, held, in doubt) are kept by id, so that a reply
/// moves between counts; a finished reply is folded into a total and its id kept in a bounded recent list, which
/// is what makes a report repeated after a crash (seconds later) a no-op without keeping every id forever.
/// </summary>
[GenerateSerializer, Alias("cs.DeliveryStatsState")]
public sealed record DeliveryStatsState
{
    /// <summary>Replies that can still change state, by reply id.</summary>
    [Id(0)] public Dictionary<string, DeliveryState> Open { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Finished replies by final state (delivered, failed, expired, and in doubt once closed).</summary>
    [Id(1)] public Dictionary<DeliveryState, long> Finished { get; set; } = [];

    /// <summary>The most recently finished reply ids with their final state, oldest first.</summary>
    [Id(2)] public List<FinishedReply> RecentlyFinished { get; set; } = [];
}
