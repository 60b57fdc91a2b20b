using CustomerService.Grains.Delivery;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// One recorded push: the dedup entry and the passive-reply status in one, persisted before the push is
/// acknowledged, so that a retry or a restarted silo finds the work and its result.
/// </summary>
[GenerateSerializer, Alias("cs.MessageRecord")]
public sealed record MessageRecord
{
    [Id(0)] public required string DedupId { get; set; }

    [Id(1)] public required InboundKind Kind { get; set; }

    [Id(2)] public string? Text { get; set; }

    [Id(3)] public required MessageStatus Status { get; set; }

    [Id(4)] public int Attempts { get; set; }

    [Id(5)] public required DateTimeOffset FirstReceivedAt { get; set; }

    [Id(6)] public DateTimeOffset LastReceivedAt { get; set; }

    /// <summary>The answer; null for pushes that get no reply.</summary>
    [Id(7)] public string? Answer { get; set; }

    /// <summary>Where the answer came from (faq, llm, fallback, welcome, rate-limit, handoff, …).</summary>
    [Id(8)] public string? AnswerSource { get; set; }

    [Id(9)] public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The exact text that went out for this push (late answers in front included), for retries.</summary>
    [Id(10)] public string? DeliveredText { get; set; }

    [Id(11)] public DateTimeOffset? DeliveredAt { get; set; }

    [Id(12)] public string? PlatformMessageId { get; set; }

    /// <summary>
    /// How much of <see cref="Answer"/> (UTF-16 units) has gone out: pages of a long or held answer, on either path.
    /// (Named for its first use, late answers; the stored name cannot change.)
    /// </summary>
    [Id(13)] public int LateSentLength { get; set; }

    /// <summary>Which path owns the reply. Claimed once, atomically in the grain: a push-owned reply is never also sent passively.</summary>
    [Id(14)] public DeliveryPath Path { get; set; }

    /// <summary>The reply's ledger state; null while no answer exists (being generated, or none due).</summary>
    [Id(15)] public DeliveryState? Delivery { get; set; }

    /// <summary>Why the reply is held, failed, in doubt or expired, with the platform's code.</summary>
    [Id(16)] public string? DeliveryReason { get; set; }

    /// <summary>The part being sent right now: marked before the platform call, cleared after it.</summary>
    [Id(17)] public OutboundChunk? InFlight { get; set; }

    /// <summary>A part was sent again after a crash left it "sending": the user may have it twice.</summary>
    [Id(18)] public bool PossiblyDuplicated { get; set; }

    /// <summary>Sends of the current part that never left (network, platform busy), for the bounded retry.</summary>
    [Id(19)] public int SendFailures { get; set; }

    /// <summary>The state last confirmed by the account's delivery counts.</summary>
    [Id(20)] public DeliveryState? ReportedDelivery { get; set; }

    /// <summary>A smaller part size after the platform said "too long" (0: the channel's limit).</summary>
    [Id(21)] public int MaxPartBytes { get; set; }

    /// <summary>When the reply was first held, for <c>HeldReplyMaxAgeHours</c>.</summary>
    [Id(22)] public DateTimeOffset? HeldAt { get; set; }

    /// <summary>A part went out in doubt (a timeout after sending): the reply ends "in doubt", not "delivered".</summary>
    [Id(23)] public bool PartInDoubt { get; set; }

    /// <summary>The passive reply hands the message to the platform's human customer service.</summary>
    [Id(24)] public bool TransferToHuman { get; set; }

    /// <summary>The push itself has its record (an inbound row waiting in <see cref="ConversationState.PendingRecords"/> or written).</summary>
    [Id(25)] public bool InboundRecorded { get; set; }

    /// <summary>What the reply's last record said (state, reason, whether the answer existed), to tell a change.</summary>
    [Id(26)] public string? RecordedOutbound { get; set; }

    /// <summary>Passive deliveries of the push held open with no answer because it was not ready (for the records).</summary>
    [Id(27)] public int PassiveHolds { get; set; }

    /// <summary>
    /// Held only until an account-wide condition passes (a quota pause), not until the user writes again: the outbox
    /// resumes it on its own. (Ids 25 to 39 are left to other state work; new fields of this record start at 40.)
    /// </summary>
    [Id(40)] public bool ResumesOnItsOwn { get; set; }

    /// <summary>
    /// The user's text that goes into the dialogue history with <see cref="Answer"/>, once every earlier message's
    /// exchange is there (history keeps the order of the messages, not of the answers); null once it is in, or when
    /// the answer has no place in history.
    /// </summary>
    [Id(41)] public string? HistoryQuestion { get; set; }

    /// <summary>
    /// This message arrived within <c>Conversations:MergeWindowMs</c> of that one (its dedup id) and was merged into its
    /// turn: that message's one answer, generated from both texts, is the reply to this one too. This record has no
    /// answer of its own; its passive deliveries and retries are answered from the turn's reply.
    /// </summary>
    [Id(42)] public string? MergedInto { get; set; }

    /// <summary>
    /// The user unfollowed while this push's answer was still being generated: the answer is dropped when it comes
    /// (expired, "unsubscribed"), even if the user has followed again meanwhile. It answers a question of before.
    /// </summary>
    [Id(43)] public bool DroppedByUnsubscribe { get; set; }

    /// <summary>True while the answer still has to be generated (by the model).</summary>
    public bool NeedsWork => MergedInto is null && Status is MessageStatus.Received or MessageStatus.StillWorkingSent;

    /// <summary>True while the reply still has content to deliver.</summary>
    public bool HasUndelivered => Delivery is DeliveryState.Pending or DeliveryState.Held || InFlight is not null;

    /// <summary>True once nothing more can happen to the push except a repeat for a retry.</summary>
    public bool IsFinished
    {
        get
        {
            // A merged message stays until its turn's model call has its text.
            if (NeedsWork || HasUndelivered || HistoryQuestion is not null || MergedInto is not null && Status == MessageStatus.Received)
            {
                return false;
            }

            // A reply whose delivery is final (delivered, in doubt, failed, dropped) is finished on either path: a passive
            // one that the outbox pushed to the end or failed (a held late answer) keeps its passive status, and, kept
            // for it, would stay in the state for good.
            return Path == DeliveryPath.Push
                || Delivery is DeliveryState.Delivered or DeliveryState.InDoubt or DeliveryState.Failed or DeliveryState.Expired
                || Status is MessageStatus.Delivered or MessageStatus.LateDelivered or MessageStatus.Acknowledged;
        }
    }
}
