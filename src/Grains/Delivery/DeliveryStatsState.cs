using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// The persisted counts of one account. Open replies (pending, held) are kept by id with their state, so that a
/// reply moves between counts; a finished reply is folded into a total. A repeated report is recognised by the state
/// it says it moves from (see <see cref="DeliveryStatsGrain"/>); a bounded list of recently finished ids covers the
/// one case that needs memory.
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

    /// <summary>
    /// Replies generated, counted on their own when a reply is first reported (not computed from the states), so
    /// that a count that drifts from the sum of the states shows.
    /// </summary>
    [Id(3)] public long Generated { get; set; }

    /// <summary>False in state stored before <see cref="Generated"/> existed: it is then taken from the states once.</summary>
    [Id(4)] public bool GeneratedCounted { get; set; }
}
