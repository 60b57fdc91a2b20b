using Orleans.Concurrency;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// One account's durable delivery counts, for the status endpoint. Conversation grains report each reply's
/// state as it changes; a report is idempotent by reply id (the same state twice counts once, a new state moves
/// the reply from one count to another), so a report repeated after a crash never skews the counts.
/// Keyed by <see cref="AccountKey"/>'s string form.
/// </summary>
[Alias("cs.IDeliveryStatsGrain")]
public interface IDeliveryStatsGrain : IGrainWithStringKey
{
    /// <summary>Applies reply states, in order, and returns once they are stored. Interleaves, so that concurrent
    /// reports share one write (group commit).</summary>
    [Alias("ReportAsync"), AlwaysInterleave]
    Task ReportAsync(IReadOnlyList<DeliveryReport> reports);

    /// <summary>The counts now.</summary>
    [Alias("GetCountsAsync"), ReadOnly]
    Task<DeliveryCounts> GetCountsAsync();
}
