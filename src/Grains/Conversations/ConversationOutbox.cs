using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.Quota;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The push side of one conversation's ledger: which part goes out next within the platform's quota, and what
/// each send outcome does to the reply. No I/O; the grain sends one part at a time and plans again after each,
/// so a passive page taken meanwhile can never be pushed twice.
/// </summary>
internal sealed class ConversationOutbox(Func<ConversationState> state, ConversationOptions options, QuotaPlanner planner, ConversationMetrics metrics)
{
    private ConversationState State => state();

    /// <summary>The next part to push, or null when nothing can go now (in which case waiting replies are held).</summary>
    public OutboundChunk? Next(int maxBytes, DateTimeOffset now, out MessageRecord? record)
    {
        // A part left "sending" by a crash whose reply was dropped since (the user unsubscribed) is not sent again: its
        // send ended with the silo, and nothing more goes to a user who left.
        foreach (var dropped in State.Messages.Where(m => m is { InFlight: not null, Delivery: DeliveryState.Expired }))
        {
            dropped.InFlight = null;
        }

        // A part left "sending" by a crash goes first, again, exactly as it was: the user may get it twice.
        record = State.Messages.FirstOrDefault(m => m.InFlight is not null);
        if (record is not null)
        {
            record.PossiblyDuplicated = true;
            record.InFlight!.StartedAt = now;
            return record.InFlight;
        }

        // Replies go out in the order of the messages they answer: planning stops at the first message whose answer is
        // still being generated, and what comes after it waits, whether it is an FAQ answer, a handoff notice or held.
        // Every new answer still to come (being generated, or ready behind one that is) keeps one message of the quota,
        // so that a long held rest never takes the slot of the answer the user is waiting for.
        var waiting = new List<MessageRecord>();
        var answersToCome = 0;
        foreach (var m in State.Messages)
        {
            if (m.NeedsWork)
            {
                answersToCome++;
                continue;
            }

            var sendable = m.Answer is not null && (m.Delivery == DeliveryState.Held || m is { Path: DeliveryPath.Push, Delivery: DeliveryState.Pending });
            if (!sendable)
            {
                continue;
            }

            if (answersToCome == 0)
            {
                waiting.Add(m);
            }
            else if (m.Delivery == DeliveryState.Pending)
            {
                answersToCome++;
            }
        }

        if (waiting.Count == 0)
        {
            return null;
        }

        planner.Prune(State.Quota, now);
        var slots = planner.Remaining(State.Quota, now);
        var segments = waiting
            .Select(m => new PendingSegment
            {
                OwnerId = m.DedupId,
                Text = m.Answer![Math.Min(m.LateSentLength, m.Answer!.Length)..],
                IsNewAnswer = m.Delivery == DeliveryState.Pending,
            })
            .ToList();
        var partBytes = waiting.Select(m => m.MaxPartBytes).Where(b => b > 0).DefaultIfEmpty(maxBytes).Min();
        var plan = slots > 0 ? QuotaPlanner.Plan(segments, slots, Math.Min(partBytes, maxBytes), options.Replies.ContinueTail, answersToCome) : null;
        if (plan is null || plan.Messages.Count == 0)
        {
            var reason = !planner.WindowOpen(State.Quota, now) ? "window: outside the reply window; goes out when the user writes again"
                : slots > 0 ? "quota: the messages left are kept for the answers still being generated; continues when the user writes again"
                : "quota: the messages this user's last action allows are used up; continues when the user writes again";
            foreach (var m in waiting)
            {
                if (m.Delivery != DeliveryState.Held)
                {
                    metrics.Held(slots > 0 ? "plan" : "quota");
                }

                ConversationLedger.Hold(m, reason, now);
                m.DeliveryReason = reason;
            }

            record = null;
            return null;
        }

        var first = plan.Messages[0];
        record = waiting.First(m => string.Equals(m.DedupId, first.OwnerId, StringComparison.Ordinal));
        var content = first.EndsWithTail ? first.Text[..^options.Replies.ContinueTail.Length] : first.Text;
        return new OutboundChunk
        {
            Text = first.Text,
            End = Math.Min(record.LateSentLength, record.Answer!.Length) + content.Length,
            StartedAt = now,
        };
    }

    /// <summary>Applies what the platform said about the part in flight. Returns false when the outbox must stop for now.</summary>
    public bool Apply(MessageRecord record, SendOutcome outcome, DateTimeOffset now)
    {
        var chunk = record.InFlight!;
        var reason = outcome.Describe();
        if (record.Delivery == DeliveryState.Expired)
        {
            // The user unsubscribed while this part was on the wire: nothing after it is sent, nor held, nor retried.
            // The reply stays expired even if this was its last part and it arrived: the unsubscribe reported it to
            // the account's counts as expired, a final state they never move out of, so a change here would leave the
            // ledger and the records saying "delivered" where the counts say "expired". The reason says it went out.
            record.InFlight = null;
            if (outcome.Kind is SendOutcomeKind.Sent or SendOutcomeKind.InDoubt)
            {
                record.PartInDoubt |= outcome.Kind == SendOutcomeKind.InDoubt;
                record.LateSentLength = chunk.End;
                planner.TryConsume(State.Quota, now);
                metrics.Pushed(outcome.Kind == SendOutcomeKind.Sent ? "sent" : "in-doubt");
                record.DeliveryReason = $"{record.DeliveryReason}; the part being sent when the user left went out";
            }

            return true;
        }

        switch (outcome.Kind)
        {
            case SendOutcomeKind.Sent:
            case SendOutcomeKind.InDoubt:
                // In doubt: it probably arrived, and sending it again risks a duplicate; the reply says so.
                record.PartInDoubt |= outcome.Kind == SendOutcomeKind.InDoubt;
                record.LateSentLength = chunk.End;
                record.InFlight = null;
                record.SendFailures = 0;
                planner.TryConsume(State.Quota, now);
                if (record.LateSentLength >= record.Answer!.Length)
                {
                    record.Delivery = record.PartInDoubt ? DeliveryState.InDoubt : DeliveryState.Delivered;
                    record.DeliveryReason = record.PartInDoubt ? $"a part may not have arrived: {reason}" : null;
                    record.DeliveredAt = now;
                    if (record.Path == DeliveryPath.Push)
                    {
                        record.Status = Interfaces.Conversations.MessageStatus.Delivered;
                    }
                }

                metrics.Pushed(outcome.Kind == SendOutcomeKind.Sent ? "sent" : "in-doubt");
                return true;
            case SendOutcomeKind.ContentTooLong when record.MaxPartBytes == 0:
                // Our byte count is the documented limit; if the platform counts differently, split smaller once.
                record.InFlight = null;
                record.MaxPartBytes = Math.Max(64, Utf8Bytes(chunk.Text) / 2);
                return true;
            case SendOutcomeKind.NotSent:
                record.InFlight = null;
                record.SendFailures++;
                if (record.SendFailures >= options.Outbox.MaxSendAttempts)
                {
                    Fail(record, $"not sent after {record.SendFailures} attempts: {reason}", outcome.ErrorCode);
                    return true;
                }

                record.DeliveryReason = $"retrying: {reason}";
                return false;
            case SendOutcomeKind.Unavailable:
                // An account-wide outage (no token, breaker open): not this reply's attempt. It waits, held, and the
                // outbox reminder tries again; it expires only after HeldReplyMaxAgeHours, like any held reply.
                record.InFlight = null;
                ConversationLedger.HoldUntilResumed(record, $"waiting: the account cannot send now ({reason}); sent when it can", now);
                metrics.Held("unavailable");
                return false;
            case SendOutcomeKind.AccountPassiveOnly:
                record.InFlight = null;
                ConversationLedger.Hold(record, $"account may not push ({reason}): goes out passively with the user's next message", now);
                metrics.Held("account");
                return false;
            case SendOutcomeKind.AccountPaused:
                record.InFlight = null;
                ConversationLedger.HoldUntilResumed(record, $"paused: account API quota spent ({reason})", now);
                metrics.Held("paused");
                return false;
            case SendOutcomeKind.WindowClosed:
                record.InFlight = null;
                // The refusal is about the grants of the moment the send began: one a user message opened since stays.
                planner.MarkWindowClosed(State.Quota, chunk.StartedAt);
                ConversationLedger.Hold(record, $"window: outside the reply window ({reason}); goes out when the user writes again", now);
                metrics.Held("window");
                return false;
            case SendOutcomeKind.QuotaSpent:
                record.InFlight = null;
                planner.MarkExhausted(State.Quota, chunk.StartedAt);
                ConversationLedger.Hold(record, $"quota: used up ({reason}); continues when the user writes again", now);
                metrics.Held("quota");
                return false;
            default:
                // The user cannot receive (48002, 43004, 43019, 40003), a second "too long", or another refusal:
                // final for this reply; other users and the account are unaffected.
                record.InFlight = null;
                Fail(record, reason, outcome.ErrorCode);
                return true;
        }
    }

    private void Fail(MessageRecord record, string reason, int? code)
    {
        record.Delivery = DeliveryState.Failed;
        record.DeliveryReason = reason;
        metrics.DeliveryFailed(code);
    }

    private static int Utf8Bytes(string text) => System.Text.Encoding.UTF8.GetByteCount(text);
}
