using CustomerService.Channels.Text;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The bookkeeping of one conversation's pushes over its persisted state: finding a push, claiming what a delivery
/// answers (late answers in front), setting answers, bounding history and the dedup set. No I/O: the grain owns
/// the writes and the work.
/// </summary>
internal sealed class ConversationLedger(Func<ConversationState> state, ConversationOptions options, ConversationMetrics metrics)
{
    private ConversationState State => state();

    // Decides what this delivery of the push answers and marks it, without writing: callers write once.
    public (PassiveReply Reply, bool Changed) Claim(MessageRecord record, DateTimeOffset now)
    {
        string? main;
        switch (record.Status)
        {
            case MessageStatus.Delivered:
            case MessageStatus.StillWorkingSent:
            case MessageStatus.LateDelivered:
                // A retry after we already answered (our response was lost): the same reply again.
                return (record.DeliveredText is { } again ? PassiveReply.WithText(again) : PassiveReply.Acknowledge, false);
            case MessageStatus.Answered:
            case MessageStatus.LateQueued:
                main = record.Answer;
                break;
            case MessageStatus.Acknowledged:
                main = null;
                break;
            case MessageStatus.Received:
                // Judged by when this delivery arrived, not by now: the 2nd attempt (at about 5 s) is claimed at
                // about 9.5 s, and must still be held so that the 3rd attempt gets the reply.
                var last = record.Attempts >= options.Passive.Attempts
                    || record.LastReceivedAt - record.FirstReceivedAt >= TimeSpan.FromSeconds(options.Passive.LastAttemptAfterSeconds);
                if (!last)
                {
                    return (PassiveReply.Hold, false);
                }

                main = options.Replies.StillWorking;
                metrics.StillWorking();
                break;
            default:
                return (PassiveReply.Acknowledge, false);
        }

        var late = State.Messages
            .Where(m => m.Status == MessageStatus.LateQueued && !ReferenceEquals(m, record) && m.Answer is not null)
            .ToList();
        if (main is null && late.Count == 0)
        {
            return (PassiveReply.Acknowledge, false);
        }

        var text = Compose(late, main, now);
        record.Status = record.Status switch
        {
            MessageStatus.Received => MessageStatus.StillWorkingSent,
            MessageStatus.LateQueued => MessageStatus.LateDelivered,
            _ => MessageStatus.Delivered,
        };
        record.DeliveredText = text;
        record.DeliveredAt = now;
        return (PassiveReply.WithText(text), true);
    }

    public void SetAnswer(MessageRecord record, string answer, string source, DateTimeOffset now)
    {
        record.Answer = answer;
        record.AnswerSource = source;
        record.AnsweredAt = now;
        metrics.Answered(source.Split(':')[0]);
    }

    public void AppendHistory(string question, string answer, DateTimeOffset now)
    {
        var history = State.History;
        history.Add(new ChatTurn { Role = ChatRole.User, Text = question, At = now });
        history.Add(new ChatTurn { Role = ChatRole.Assistant, Text = answer, At = now });
        var max = options.History.MaxTurns * 2;
        if (history.Count > max)
        {
            history.RemoveRange(0, history.Count - max);
        }
    }

    // Builds one passive reply within MaxReplyBytes. This delivery's own answer comes whole (cut only if it alone is
    // too long); late answers go in front in the room left. A late answer that does not fit is cut at a character
    // boundary and its rest stays queued for the next reply, so a long late answer never squeezes out the new one.
    private string Compose(List<MessageRecord> late, string? main, DateTimeOffset now)
    {
        var separator = options.Replies.LateAnswerSeparator;
        var separatorBytes = Utf8Text.ByteCount(separator);
        var own = main is null ? null : Utf8Text.TruncateToBytes(main, options.Passive.MaxReplyBytes);
        var room = options.Passive.MaxReplyBytes - (own is null ? 0 : Utf8Text.ByteCount(own) + separatorBytes);

        var parts = new List<string>();
        foreach (var earlier in late)
        {
            var answer = earlier.Answer!;
            var pending = answer[Math.Min(earlier.LateSentLength, answer.Length)..];
            var joinBytes = parts.Count == 0 ? 0 : separatorBytes;
            if (room - joinBytes <= 0)
            {
                break;
            }

            var piece = Utf8Text.TruncateToBytes(pending, room - joinBytes);
            if (piece.Length == 0)
            {
                break;
            }

            parts.Add(piece);
            room -= joinBytes + Utf8Text.ByteCount(piece);
            earlier.LateSentLength += piece.Length;
            if (piece.Length == pending.Length)
            {
                earlier.Status = MessageStatus.LateDelivered;
                earlier.DeliveredAt = now;
            }
            else
            {
                break;
            }
        }

        if (own is not null)
        {
            parts.Add(own);
        }

        return string.Join(separator, parts);
    }

    public MessageRecord? Find(string dedupId)
    {
        foreach (var record in State.Messages)
        {
            if (string.Equals(record.DedupId, dedupId, StringComparison.Ordinal))
            {
                return record;
            }
        }

        return null;
    }

    // Keeps the dedup set bounded by age and by count. Only finished pushes go; an answer that no delivery ever
    // claimed (the platform gave up, the ingress failed) becomes a late answer for the next reply instead.
    public void Prune(DateTimeOffset now)
    {
        var retention = TimeSpan.FromSeconds(options.Dedup.RetentionSeconds);
        foreach (var record in State.Messages)
        {
            if (record.Status == MessageStatus.Answered && now - record.FirstReceivedAt >= retention)
            {
                record.Status = MessageStatus.LateQueued;
            }
        }

        State.Messages.RemoveAll(m => m.IsFinished && now - m.FirstReceivedAt >= retention);
        var excess = State.Messages.Count - options.Dedup.MaxEntries;
        if (excess > 0)
        {
            var oldest = State.Messages.Where(m => m.IsFinished).Take(excess).ToHashSet();
            State.Messages.RemoveAll(oldest.Contains);
        }
    }
}
