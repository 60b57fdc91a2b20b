using System.Globalization;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Turns the conversation's ledger into record rows. Run just before every state write, it compares each push with
/// what its rows last said and queues a row for what changed, in the same write: the push when it arrives, and its
/// reply each time the reply's state moves on. One place, so that no transition of the ledger, the outbox or the
/// passive path can be missed, and a row is durable exactly when the change it records is.
/// </summary>
/// <remarks>
/// A reply's row is keyed by the id of the push it answers: one row per reply, whatever pages, merges or late
/// placements it goes through, updated in place (by revision) as its state changes.
/// </remarks>
internal sealed class ConversationRecorder(Func<ConversationState> state)
{
    private ConversationState State => state();

    /// <summary>Queues rows for every change since the last capture; returns how many.</summary>
    public int Capture(DateTimeOffset now)
    {
        var added = 0;
        foreach (var message in State.Messages)
        {
            var id = MessageIdOf(message);
            if (!message.InboundRecorded)
            {
                Add(new ConversationRecord
                {
                    Revision = ++State.RecordRevision,
                    Direction = RecordDirection.Inbound,
                    MessageId = id,
                    Kind = RecordColumnValues.Of(message.Kind),
                    Text = message.Text,
                    At = message.FirstReceivedAt,
                    UpdatedAt = now,
                });
                message.InboundRecorded = true;
                added++;
            }

            if (Outbound(message) is not { } reply || string.Equals(reply.Fingerprint, message.RecordedOutbound, StringComparison.Ordinal))
            {
                continue;
            }

            Add(new ConversationRecord
            {
                Revision = ++State.RecordRevision,
                Direction = RecordDirection.Outbound,
                MessageId = id,
                Kind = message.AnswerSource,
                Text = reply.Text,
                At = message.AnsweredAt ?? now,
                UpdatedAt = now,
                DeliveryState = reply.State,
                DeliveryReason = reply.Reason,
            });
            message.RecordedOutbound = reply.Fingerprint;
            added++;
        }

        return added;
    }

    /// <summary>True when the push and its reply, as they stand, are recorded: the push may leave the state.</summary>
    public static bool IsRecorded(MessageRecord message) =>
        message.InboundRecorded
        && (Outbound(message) is not { } reply || string.Equals(reply.Fingerprint, message.RecordedOutbound, StringComparison.Ordinal));

    /// <summary>The id both rows of a push carry: the platform's message id, or the dedup id when it has none.</summary>
    public static string MessageIdOf(MessageRecord message) =>
        string.IsNullOrEmpty(message.PlatformMessageId) ? message.DedupId : message.PlatformMessageId;

    // What the reply's row says now; null while the push has no reply to record (none due, or work not yet claimed).
    private static OutboundRecord? Outbound(MessageRecord message)
    {
        if (message.Answer is null)
        {
            if (message.Status == MessageStatus.StillWorkingSent)
            {
                return new OutboundRecord(
                    RecordDeliveryState.StillWorking,
                    "the answer was not ready by the platform's last attempt, which got the still-working text",
                    message.DeliveredText);
            }

            if (message is { NeedsWork: true, PassiveHolds: > 0 })
            {
                return new OutboundRecord(
                    RecordDeliveryState.HeldNoAnswer,
                    string.Create(CultureInfo.InvariantCulture, $"the answer was not ready: {message.PassiveHolds} delivery attempt(s) held open with no reply"),
                    null);
            }

            return message.TransferToHuman
                ? new OutboundRecord(RecordDeliveryState.Delivered, "handed to the platform's human customer service", null)
                : null;
        }

        var delivery = message.Delivery ?? DeliveryState.Pending;
        if (message.Status == MessageStatus.LateDelivered && delivery == DeliveryState.Delivered && message.Path == DeliveryPath.Passive)
        {
            return new OutboundRecord(RecordDeliveryState.LateDelivered, "the late answer went out in front of the reply to a later message", message.Answer);
        }

        var recorded = delivery switch
        {
            DeliveryState.Pending => RecordDeliveryState.Pending,
            DeliveryState.Delivered => RecordDeliveryState.Delivered,
            DeliveryState.Held => RecordDeliveryState.Held,
            DeliveryState.InDoubt => RecordDeliveryState.InDoubt,
            DeliveryState.Failed => RecordDeliveryState.Failed,
            DeliveryState.Expired => RecordDeliveryState.Expired,
            _ => throw new InvalidOperationException($"Unknown delivery state {delivery}."),
        };
        return new OutboundRecord(recorded, message.DeliveryReason, message.Answer);
    }

    // A newer row of the same message replaces a pending older one (its first time is kept): one reply has one row.
    private void Add(ConversationRecord record)
    {
        var pending = State.PendingRecords;
        var older = pending.FindIndex(r => r.Direction == record.Direction && string.Equals(r.MessageId, record.MessageId, StringComparison.Ordinal));
        if (older >= 0)
        {
            record = record with { At = pending[older].At };
            pending.RemoveAt(older);
        }

        pending.Add(record);
    }

    private readonly record struct OutboundRecord(RecordDeliveryState State, string? Reason, string? Text)
    {
        public string Fingerprint => string.Create(CultureInfo.InvariantCulture, $"{(int)State}|{(Text is null ? 0 : 1)}|{Reason}");
    }
}
