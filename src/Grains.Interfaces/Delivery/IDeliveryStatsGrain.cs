using Orleans.Concurrency;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// One account's durable delivery counts, for the status endpoint. Conversation grains report each reply's state in
/// the turn that changes it. A report is idempotent by reply and transition: the same state twice counts once, a new
/// state moves the reply from one count to another, and a report that moves from a state the counts confirmed earlier
/// but no longer hold (the reply finished since) is a repeat after a crash and changes nothing. Generated is counted
/// on its own, when a reply is first reported. Keyed by <see cref="AccountKey"/>'s string form.
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
