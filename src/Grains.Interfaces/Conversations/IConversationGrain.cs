using Orleans.Concurrency;

namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>
/// One user's conversation with one business account: the single writer for that user's dialogue state,
/// dedup set, rate limit and handoff state. Keyed by <see cref="ConversationKey"/>'s string form.
/// </summary>
/// <remarks>
/// The passive-reply protocol is three calls, so that the grain never holds its turn while an answer is generated:
/// <see cref="RecordInboundAsync"/> records the push durably and starts the work without awaiting it;
/// <see cref="WaitForAnswerAsync"/> is a read-only interleaving wait; <see cref="ClaimPassiveReplyAsync"/> then
/// atomically decides what this delivery answers.
/// </remarks>
[Alias("cs.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a verified push (or a retry of one) durably, and starts its work if it is new or was lost.
    /// Returns after the state is written.
    /// </summary>
    [Alias("RecordInboundAsync")]
    Task<RecordOutcome> RecordInboundAsync(InboundMessage message);

    /// <summary>
    /// Waits until the answer to <paramref name="dedupId"/> is ready or the grain's clock reaches
    /// <paramref name="deadline"/>. Returns whether it is ready. Never changes state.
    /// </summary>
    [Alias("WaitForAnswerAsync"), AlwaysInterleave, ReadOnly]
    Task<bool> WaitForAnswerAsync(string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>
    /// Claims what the current delivery of <paramref name="dedupId"/> answers: the answer when ready (with any late
    /// answers placed in front), a short "still working" text on the platform's last attempt, or
    /// <see cref="PassiveReplyKind.Hold"/> so that the platform retries.
    /// </summary>
    [Alias("ClaimPassiveReplyAsync")]
    Task<PassiveReply> ClaimPassiveReplyAsync(string dedupId);

    /// <summary>A read-only view of the conversation, for operators and tests.</summary>
    [Alias("GetSnapshotAsync"), ReadOnly]
    Task<ConversationSnapshot> GetSnapshotAsync();
}
