using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// One account's delivery counts (one concept: the counts). Conversation grains report reply states; the grain
/// applies them in memory at once and stores them with group commit, so one hot account costs a bounded number
/// of writes however many conversations report at the same moment.
/// </summary>
public sealed class DeliveryStatsGrain : Grain, IDeliveryStatsGrain
{
    // Enough to make any report repeated within seconds of a crash a no-op, small enough to store on every write.
    internal const int RecentlyFinishedCapacity = 2_000;

    private readonly IPersistentState<DeliveryStatsState> _state;
    private readonly CoalescingStateWriter _writer;

    public DeliveryStatsGrain([PersistentState("deliveryStats", StorageNames.GrainState)] IPersistentState<DeliveryStatsState> state)
    {
        _state = state;
        _writer = new CoalescingStateWriter(() => state.WriteStateAsync());
    }

    public Task ReportAsync(IReadOnlyList<DeliveryReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var changed = false;
        foreach (var report in reports)
        {
            changed |= Apply(report);
        }

        return changed ? _writer.WriteAsync() : Task.CompletedTask;
    }

    public Task<DeliveryCounts> GetCountsAsync()
    {
        var state = _state.State;
        long Count(DeliveryState s) =>
            state.Open.Values.Count(v => v == s) + state.Finished.GetValueOrDefault(s);

        var counts = new DeliveryCounts
        {
            Pending = Count(DeliveryState.Pending),
            Delivered = Count(DeliveryState.Delivered),
            Held = Count(DeliveryState.Held),
            InDoubt = Count(DeliveryState.InDoubt),
            Failed = Count(DeliveryState.Failed),
            Expired = Count(DeliveryState.Expired),
        };
        return Task.FromResult(counts with
        {
            Generated = counts.Pending + counts.Delivered + counts.Held + counts.InDoubt + counts.Failed + counts.Expired,
        });
    }

    internal static bool IsFinal(DeliveryState state) =>
        state is DeliveryState.Delivered or DeliveryState.Failed or DeliveryState.Expired or DeliveryState.InDoubt;

    private bool Apply(DeliveryReport report)
    {
        var state = _state.State;
        if (state.RecentlyFinished.Any(f => string.Equals(f.ReplyId, report.ReplyId, StringComparison.Ordinal)))
        {
            // Already counted as finished: a repeat (or a stale report) changes nothing.
            return false;
        }

        if (state.Open.TryGetValue(report.ReplyId, out var current) && current == report.State)
        {
            return false;
        }

        if (!IsFinal(report.State))
        {
            state.Open[report.ReplyId] = report.State;
            return true;
        }

        state.Open.Remove(report.ReplyId);
        state.Finished[report.State] = state.Finished.GetValueOrDefault(report.State) + 1;
        state.RecentlyFinished.Add(new FinishedReply { ReplyId = report.ReplyId, State = report.State });
        if (state.RecentlyFinished.Count > RecentlyFinishedCapacity)
        {
            state.RecentlyFinished.RemoveRange(0, state.RecentlyFinished.Count - RecentlyFinishedCapacity);
        }

        return true;
    }
}
