using System.Diagnostics.CodeAnalysis;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Reports the conversation's changed reply states to its account's <see cref="IDeliveryStatsGrain"/>. The grain calls
/// it in the turn that changes the ledger, before it stores the change, so that the confirmation
/// (<see cref="MessageRecord.ReportedDelivery"/>) is stored with the change itself. A report that fails leaves the
/// confirmation where it was: the next call reports the reply again, from the state the counts last confirmed.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds no unmanaged resource.")]
internal sealed class ConversationCountsReporter(Func<ConversationState> state, Func<IDeliveryStatsGrain> stats, ConversationKey key)
{
    // The report is on the ack path of a passive reply (WeChat waits 5 s): a slow or unreachable counts grain must not
    // hold it for Orleans' 30 s response timeout. A report cut short counts as failed and is made again; if it was
    // applied after all, the repeat is recognised (see DeliveryStatsGrain).
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(1);

    // One report at a time, so that each names the state the counts confirmed last (request turns and the detached
    // outbox interleave at their awaits).
    private readonly SemaphoreSlim _gate = new(1, 1);

    private ConversationState State => state();

    /// <summary>True while a reply's state has changed since the counts last confirmed it.</summary>
    public bool HasUnreported => State.Messages.Any(Unreported);

    /// <summary>Reports every unconfirmed change; throws when the counts could not be reached (nothing is lost).</summary>
    /// <returns>True when a confirmation changed (the state is then worth writing).</returns>
    public async Task<bool> ReportAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var changed = State.Messages.Where(Unreported).ToList();
            if (changed.Count == 0)
            {
                return false;
            }

            var reports = changed
                .Select(m => new DeliveryReport { ReplyId = $"{key}#{m.DedupId}", State = m.Delivery!.Value, Previous = m.ReportedDelivery })
                .ToList();
            await stats().ReportAsync(reports).WaitAsync(ReportTimeout);

            // What the counts now hold, even if the ledger moved on meanwhile: the next report moves from there.
            for (var i = 0; i < changed.Count; i++)
            {
                changed[i].ReportedDelivery = reports[i].State;
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool Unreported(MessageRecord m) => m.Delivery is { } d && d != m.ReportedDelivery;
}
