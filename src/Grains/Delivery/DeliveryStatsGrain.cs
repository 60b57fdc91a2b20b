using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// One account's delivery counts (one concept: the counts). Conversation grains report reply states in the turn that
/// changes them; the grain applies them in memory at once and stores them with group commit, so one hot account costs
/// a bounded number of writes however many conversations report at the same moment.
/// </summary>
/// <remarks>
/// <para>
/// Idempotent by reply and transition. A reply that is open (pending, held) is kept by id with its state, and a
/// report moves it; the same state again changes nothing. A report names the state the counts last confirmed to the
/// conversation (<see cref="DeliveryReport.Previous"/>): when that reply is no longer open here it has finished since,
/// so the report is a repeat (a conversation that crashed before storing the confirmation) and changes nothing.
/// </para>
/// <para>
/// The one report that carries no confirmed state is a reply's first. Its repeat is recognised only while the reply is
/// open here, or among the last <see cref="RecentlyFinishedCapacity"/> finished replies of the account: a first report
/// that was already final (an answer delivered in the turn that produced it), repeated after that many other replies
/// of the account finished, would count twice. A conversation reports before it stores the change, so such a repeat
/// needs a crash between the report and that write, and then the platform's retry of the same push (within about
/// 15 s) to produce the same reply again.
/// </para>
/// </remarks>
public sealed class DeliveryStatsGrain : Grain, IDeliveryStatsGrain
{
    // Far more finished replies than an account produces in the seconds a platform retry can come after a crash, and
    // small enough to store on every write.
    internal const int RecentlyFinishedCapacity = 2_000;

    private readonly IPersistentState<DeliveryStatsState> _state;
    private readonly CoalescingStateWriter _writer;

    public DeliveryStatsGrain([PersistentState("deliveryStats", StorageNames.GrainState)] IPersistentState<DeliveryStatsState> state)
    {
        _state = state;
        _writer = new CoalescingStateWriter(() => state.WriteStateAsync());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var state = _state.State;
        if (!state.GeneratedCounted)
        {
            // Stored before Generated was counted on its own: every reply counted so far is in exactly one state.
            state.Generated = state.Open.Count + state.Finished.Values.Sum();
            state.GeneratedCounted = true;
        }

        return Task.CompletedTask;
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

        return Task.FromResult(new DeliveryCounts
        {
            Generated = state.Generated,
            Pending = Count(DeliveryState.Pending),
            Delivered = Count(DeliveryState.Delivered),
            Held = Count(DeliveryState.Held),
            InDoubt = Count(DeliveryState.InDoubt),
            Failed = Count(DeliveryState.Failed),
            Expired = Count(DeliveryState.Expired),
        });
    }

    internal static bool IsFinal(DeliveryState state) =>
        state is DeliveryState.Delivered or DeliveryState.Failed or DeliveryState.Expired or DeliveryState.InDoubt;

    private bool Apply(DeliveryReport report)
    {
        var state = _state.State;
        if (state.Open.TryGetValue(report.ReplyId, out var current))
        {
            if (current == report.State)
            {
                return false;
            }

            state.Open.Remove(report.ReplyId);
            Place(report.ReplyId, report.State);
            return true;
        }

        if (report.Previous is not null || state.RecentlyFinished.Any(f => string.Equals(f.ReplyId, report.ReplyId, StringComparison.Ordinal)))
        {
            // Counted before and finished since: a repeat (or a stale report) changes nothing.
            return false;
        }

        state.Generated++;
        Place(report.ReplyId, report.State);
        return true;
    }

    private void Place(string replyId, DeliveryState deliveryState)
    {
        var state = _state.State;
        if (!IsFinal(deliveryState))
        {
            state.Open[replyId] = deliveryState;
            return;
        }

        state.Finished[deliveryState] = state.Finished.GetValueOrDefault(deliveryState) + 1;
        state.RecentlyFinished.Add(new FinishedReply { ReplyId = replyId, State = deliveryState });
        if (state.RecentlyFinished.Count > RecentlyFinishedCapacity)
        {
            state.RecentlyFinished.RemoveRange(0, state.RecentlyFinished.Count - RecentlyFinishedCapacity);
        }
    }
}
