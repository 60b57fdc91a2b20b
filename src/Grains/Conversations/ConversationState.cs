using CustomerService.Grains.Delivery.Quota;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Records;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The persisted state of one conversation. Stored as JSON by the System.Text.Json grain-storage serializer:
/// properties added after the first version must be optional with safe defaults, never <c>required</c>.
/// </summary>
[GenerateSerializer, Alias("cs.ConversationState")]
public sealed record ConversationState
{
    /// <summary>Dialogue history, oldest first, bounded by <c>Conversations:History:MaxTurns</c>.</summary>
    [Id(0)] public List<ChatTurn> History { get; set; } = [];

    /// <summary>Recorded pushes, oldest first: the dedup set and the passive-reply status.</summary>
    [Id(1)] public List<MessageRecord> Messages { get; set; } = [];

    /// <summary>The user's last message (not event): it opens the platform's 48 h window.</summary>
    [Id(2)] public DateTimeOffset? LastUserMessageAt { get; set; }

    /// <summary>The last interaction event (menu click, subscribe, QR scan).</summary>
    [Id(3)] public DateTimeOffset? LastEventAt { get; set; }

    [Id(4)] public bool Unsubscribed { get; set; }

    [Id(5)] public HandoffState? Handoff { get; set; }

    [Id(6)] public RateLimitState RateLimit { get; set; } = new();

    /// <summary>The platform's push quota for this user, as we estimate it (corrected by the platform's refusals).</summary>
    [Id(7)] public QuotaState Quota { get; set; } = new();

    /// <summary>
    /// Record rows not yet confirmed by the records writer, oldest first. They travel in the persisted state, so that
    /// neither a crash nor a database outage loses them, and leave it once the store has them.
    /// </summary>
    [Id(8)] public List<ConversationRecord> PendingRecords { get; set; } = [];

    /// <summary>The last revision given to a record row; only grows.</summary>
    [Id(9)] public long RecordRevision { get; set; }
}
