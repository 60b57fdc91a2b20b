using CustomerService.Channels.Text;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The bookkeeping of one conversation's pushes over its persisted state: finding a push, claiming what a passive
/// delivery answers (held content paged in front), setting answers, holding and expiring replies, bounding
/// history and the dedup set. No I/O: the grain owns the writes, the work and the sends.
/// </summary>
internal sealed class ConversationLedger(Func<ConversationState> state, ConversationOptions options, ConversationMetrics metrics)
{
    private ConversationState State => state();

    // Decides what this passive delivery of the push answers and marks it, without writing: callers write once.
    public (PassiveReply Reply, bool Changed) Claim(MessageRecord record, DateTimeOffset now)
    {
        if (record.MergedInto is not null)
        {
            return ClaimForMergedMessage(record, now);
        }

        if (record.TransferToHuman)
        {
            return (PassiveReply.TransferToHuman, false);
        }

        if (record.Path == DeliveryPath.Push)
        {
            // The push path owns this reply: a platform retry gets the plain acknowledgement, never a second copy.
            return (PassiveReply.Acknowledge, false);
        }

        string? main;
        var mainIsAnswer = false;
        switch (record.Status)
        {
            case MessageStatus.Delivered:
            case MessageStatus.StillWorkingSent:
            case MessageStatus.LateDelivered:
                // A retry after we already answered (our response was lost): the same reply again.
                return (record.DeliveredText is { } again ? PassiveReply.WithText(again) : PassiveReply.Acknowledge, false);
            case MessageStatus.Answered:
            case MessageStatus.LateQueued:
                // An answer dropped meanwhile (the user unsubscribed) is never sent.
                main = record.Delivery == DeliveryState.Expired ? null : record.Answer;
                mainIsAnswer = main is not null;
                break;
            case MessageStatus.Acknowledged:
                main = null;
                break;
            case MessageStatus.Received:
                if (!IsLastAttempt(record))
                {
                    // Counted (and so written) for the records: the reply's row says the attempt was held with no answer.
                    record.PassiveHolds++;
                    return (PassiveReply.Hold, true);
                }

                main = options.Replies.StillWorking;
                metrics.StillWorking();
                break;
            default:
                return (PassiveReply.Acknowledge, false);
        }

        var held = CarriesHeldContent(record.Kind) ? HeldContent(record) : [];
        if (main is null && held.Count == 0)
        {
            return (PassiveReply.Acknowledge, false);
        }

        var text = ComposePage(record, held, main, mainIsAnswer, now);
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

    // A message merged into an earlier message's turn has no answer of its own: the turn's one answer goes out once,
    // with whichever of the turn's deliveries claims it first, and the others get "success" (they are answered by
    // it). A retry of the delivery that carried a text gets the same text again. If the answer is not ready by this
    // message's last attempt, the turn says "still working" once, and the answer is held for the next message.
    private (PassiveReply Reply, bool Changed) ClaimForMergedMessage(MessageRecord member, DateTimeOffset now)
    {
        if (member.DeliveredText is { } again)
        {
            return (PassiveReply.WithText(again), false);
        }

        var lead = Find(member.MergedInto!);
        if (lead is null || lead.Path == DeliveryPath.Push || lead.TransferToHuman)
        {
            return (PassiveReply.Acknowledge, false);
        }

        string? main = null;
        var mainIsAnswer = false;
        switch (lead.Status)
        {
            case MessageStatus.Received:
            case MessageStatus.StillWorkingSent:
                if (!IsLastAttempt(member))
                {
                    return (PassiveReply.Hold, false);
                }

                if (lead.Status == MessageStatus.Received)
                {
                    main = options.Replies.StillWorking;
                    metrics.StillWorking();
                }

                break;
            case MessageStatus.Answered:
            case MessageStatus.LateQueued:
                main = lead.Delivery == DeliveryState.Expired ? null : lead.Answer;
                mainIsAnswer = main is not null;
                break;
        }

        var held = HeldContent(lead);
        if (main is null && held.Count == 0)
        {
            return (PassiveReply.Acknowledge, false);
        }

        var text = ComposePage(lead, held, main, mainIsAnswer, now);
        if (mainIsAnswer)
        {
            lead.Status = lead.Status == MessageStatus.LateQueued ? MessageStatus.LateDelivered : MessageStatus.Delivered;
            lead.DeliveredAt = now;
        }
        else if (main is not null)
        {
            lead.Status = MessageStatus.StillWorkingSent;
        }

        member.Status = MessageStatus.Delivered;
        member.DeliveredText = text;
        member.DeliveredAt = now;
        return (PassiveReply.WithText(text), true);
    }

    // Judged by when this delivery arrived, not by now: the 2nd attempt (at about 5 s) is claimed at about 9.5 s, and
    // must still be held so that the 3rd attempt gets the reply.
    private bool IsLastAttempt(MessageRecord record) =>
        record.Attempts >= options.Passive.Attempts
        || record.LastReceivedAt - record.FirstReceivedAt >= TimeSpan.FromSeconds(options.Passive.LastAttemptAfterSeconds);

    /// <summary>
    /// The turn a new text question joins under <c>Conversations:MergeWindowMs</c>: the user's latest message, when it
    /// still waits for its model answer, arrived less than the window ago, and its texts have not gone to the model yet.
    /// </summary>
    public MessageRecord? OpenTurn(DateTimeOffset now, Func<string, bool> handedToModel)
    {
        if (options.MergeWindowMs <= 0)
        {
            return null;
        }

        for (var i = State.Messages.Count - 1; i >= 0; i--)
        {
            var m = State.Messages[i];
            if (m.MergedInto is not null || !CarriesHeldContent(m.Kind) || m.Kind is InboundKind.Subscribe or InboundKind.MenuClick or InboundKind.Scan)
            {
                // Messages already in that turn, and events, do not end it.
                continue;
            }

            var open = m is { Status: MessageStatus.Received, Kind: InboundKind.Text or InboundKind.Voice }
                && now - m.FirstReceivedAt < TimeSpan.FromMilliseconds(options.MergeWindowMs)
                && !handedToModel(m.DedupId);
            return open ? m : null;
        }

        return null;
    }

    /// <summary>
    /// The texts of <paramref name="lead"/>'s turn for the model, oldest first (its own alone when nothing was merged);
    /// the merged messages are part of the answer from now on.
    /// </summary>
    public string CollectTurn(MessageRecord lead)
    {
        var members = MergedInto(lead);
        foreach (var member in members.Where(m => m.Status == MessageStatus.Received))
        {
            member.Status = MessageStatus.Acknowledged;
        }

        return members.Count == 0
            ? lead.Text ?? string.Empty
            : string.Join('\n', new[] { lead }.Concat(members).Select(m => m.Text?.Trim()).Where(t => !string.IsNullOrEmpty(t)));
    }

    /// <summary>
    /// Chooses, atomically in the turn that records it, which path owns the new message's reply. Push mode pushes
    /// everything; a capable Auto account also pushes when replies already wait for the outbox, so that they go out in
    /// order in front of this one, and an earlier reply its own passive delivery has not taken yet (still generated,
    /// or not yet claimed) moves to the outbox with it: otherwise the later answer could reach the user first. A
    /// message merged into a turn follows the turn. An account that cannot push now holds what the outbox still owns,
    /// so that this message's passive reply pages it in front. A <paramref name="mode"/> of null (the account could
    /// not be asked) is no such refusal: this reply takes the passive timeline and nothing else moves.
    /// </summary>
    public void ChooseOwner(MessageRecord record, EffectiveDeliveryMode? mode, MessageRecord? turn, DateTimeOffset now)
    {
        if (mode is null)
        {
            // The passive timeline reaches the user without the account's facts. What the outbox owns stays there,
            // and its reminder asks the account again: holding it here would leave it to a message that may never come.
            record.Path = turn?.Path ?? DeliveryPath.Passive;
            return;
        }

        if (mode is not (EffectiveDeliveryMode.Push or EffectiveDeliveryMode.PassiveThenPush))
        {
            HoldForPassiveDelivery(now);
        }

        if (turn is not null)
        {
            record.Path = turn.Path;
            return;
        }

        var unclaimed = State.Messages.Where(m => m.NeedsWork || m is { Path: DeliveryPath.Passive, Delivery: DeliveryState.Pending }).ToList();
        var waitingToPush = unclaimed.Count > 0
            || State.Messages.Any(m => m.HasUndelivered && (m.Path == DeliveryPath.Push || m.Delivery == DeliveryState.Held));
        record.Path = mode switch
        {
            EffectiveDeliveryMode.Push => DeliveryPath.Push,
            EffectiveDeliveryMode.PassiveThenPush when waitingToPush || record.TransferToHuman => DeliveryPath.Push,
            _ => DeliveryPath.Passive,
        };

        if (record.Path == DeliveryPath.Push)
        {
            foreach (var earlier in unclaimed)
            {
                earlier.Path = DeliveryPath.Push;
            }
        }
    }

    /// <summary>
    /// Answers that the passive path owns and no delivery of their push has taken yet (turn leads only: a merged
    /// message's reply is its turn's). While WeChat may still deliver the push, one of its attempts carries the answer.
    /// </summary>
    public List<MessageRecord> UnclaimedAnswers() =>
        [.. State.Messages.Where(m => m is { Path: DeliveryPath.Passive, Status: MessageStatus.Answered, Delivery: DeliveryState.Pending, InFlight: null, MergedInto: null, Answer: not null })];

    /// <summary>
    /// When no delivery of <paramref name="lead"/>'s turn can come any more (<c>Conversations:Passive:WindowSeconds</c>):
    /// counted from the turn's latest message, since each merged message is delivered (and retried) on its own and any
    /// of them may carry the turn's answer.
    /// </summary>
    public DateTimeOffset PassiveWindowEnd(MessageRecord lead)
    {
        var last = MergedInto(lead).Select(m => m.FirstReceivedAt).Append(lead.FirstReceivedAt).Max();
        return last + TimeSpan.FromSeconds(options.Passive.WindowSeconds);
    }

    /// <summary>
    /// An unclaimed answer whose passive window is over goes to the outbox on an account that can push: no passive
    /// reply can carry it now, and leaving it for a next message that may never come would lose it. Its merged
    /// messages follow it, so that a late retry of any of them gets the plain acknowledgement, never a second copy.
    /// </summary>
    public void HandToPush(MessageRecord lead)
    {
        lead.Path = DeliveryPath.Push;
        foreach (var member in MergedInto(lead))
        {
            member.Path = DeliveryPath.Push;
        }
    }

    /// <summary>
    /// On an account that cannot push, an unclaimed answer whose passive window is over is a late answer: held, it goes
    /// in front of the reply to the user's next message (left pending, no reply would carry it).
    /// </summary>
    public static void HoldUnclaimed(MessageRecord lead, DateTimeOffset now)
    {
        lead.Status = MessageStatus.LateQueued;
        Hold(lead, "no delivery claimed it in time: goes in front of the next reply", now);
    }

    /// <summary>The messages merged into <paramref name="lead"/>'s turn, in order of arrival.</summary>
    public List<MessageRecord> MergedInto(MessageRecord lead) =>
        [.. State.Messages.Where(m => string.Equals(m.MergedInto, lead.DedupId, StringComparison.Ordinal))];

    /// <summary>The record that owns this message's reply: the turn it was merged into, or the message itself.</summary>
    public MessageRecord? OwnerOf(MessageRecord record) => record.MergedInto is { } lead ? Find(lead) : record;

    /// <summary>True when replies are held for the user (so that "继续" has something to continue).</summary>
    public bool HasHeldContent => State.Messages.Any(m => m is { Delivery: DeliveryState.Held, Answer: not null, InFlight: null });

    public void SetAnswer(MessageRecord record, string answer, string source, DateTimeOffset now)
    {
        record.Answer = answer;
        record.AnswerSource = source;
        record.AnsweredAt = now;
        record.Delivery = DeliveryState.Pending;
        metrics.Answered(source, now - record.FirstReceivedAt);
    }

    /// <summary>
    /// Moves answered exchanges into the history in the order of their messages: it stops at the first message whose
    /// answer is still being generated, so that an FAQ answer given at once to a second message never lands in front of
    /// the first message's model answer (and answer 1 is in answer 2's context).
    /// </summary>
    public void FlushHistory(DateTimeOffset now)
    {
        foreach (var record in State.Messages)
        {
            if (record.NeedsWork)
            {
                return;
            }

            if (record is { HistoryQuestion: { } question, Answer: { } answer })
            {
                AppendHistory(question, answer, now);
                record.HistoryQuestion = null;
            }
        }
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

    /// <summary>Keeps a reply back for a platform rule; it goes out with the user's next message.</summary>
    public static void Hold(MessageRecord record, string reason, DateTimeOffset now)
    {
        record.Delivery = DeliveryState.Held;
        record.DeliveryReason = reason;
        record.ResumesOnItsOwn = false;
        record.HeldAt ??= now;
    }

    /// <summary>Keeps a reply back until an account-wide condition passes (a quota pause): the outbox resumes it by itself.</summary>
    public static void HoldUntilResumed(MessageRecord record, string reason, DateTimeOffset now)
    {
        Hold(record, reason, now);
        record.ResumesOnItsOwn = true;
    }

    /// <summary>
    /// The account cannot push now (a refusal such as 48001, or its settings): every push-owned reply that waits for the
    /// outbox, and every reply held only until a pause ends, is held for the passive path instead, where the user's next
    /// message carries it as pages. Left pending, no path would ever deliver it.
    /// </summary>
    /// <returns>True when a reply changed.</returns>
    public bool HoldForPassiveDelivery(DateTimeOffset now)
    {
        var changed = false;
        foreach (var record in State.Messages.Where(m => m is { InFlight: null, Answer: not null }
            && (m is { Path: DeliveryPath.Push, Delivery: DeliveryState.Pending } || m is { Delivery: DeliveryState.Held, ResumesOnItsOwn: true })))
        {
            Hold(record, "the account answers passively now: goes out with the user's next message", now);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Whether the passive reply to this kind of push may carry held pages: only one the user is looking at, after a
    /// message, a follow, a menu click or a scan. A system event (template receipt, human-session event, location
    /// report, menu link, unknown type) is answered with "success", and held content waits for the user.
    /// </summary>
    public static bool CarriesHeldContent(InboundKind kind) => kind is InboundKind.Text or InboundKind.Image or InboundKind.Voice
        or InboundKind.Video or InboundKind.Location or InboundKind.Link or InboundKind.UnsupportedContent
        or InboundKind.Subscribe or InboundKind.MenuClick or InboundKind.Scan;

    /// <summary>Held content for a passive page, oldest first; never a part that is being pushed right now.</summary>
    private List<MessageRecord> HeldContent(MessageRecord except) =>
        [.. State.Messages.Where(m => !ReferenceEquals(m, except) && m is { Delivery: DeliveryState.Held, Answer: not null, InFlight: null })];

    // One passive reply within MaxReplyBytes (wechat.md §6): held content first, whole where it fits, then this
    // delivery's own answer if it fits too. Otherwise the page ends with the continue tail and the rest stays held,
    // so each later message carries the next page: paged, never truncated. Only the first piece of a page may be
    // cut (at a grapheme boundary, preferring sentence ends); everything after it goes whole or waits.
    private string ComposePage(MessageRecord current, List<MessageRecord> held, string? main, bool mainIsAnswer, DateTimeOffset now)
    {
        var max = options.Passive.MaxReplyBytes;
        var separator = options.Replies.LateAnswerSeparator;
        var tail = options.Replies.ContinueTail;

        var segments = held.Select(h => (Record: (MessageRecord?)h, Text: h.Answer![Math.Min(h.LateSentLength, h.Answer!.Length)..])).ToList();
        if (main is not null)
        {
            var ownText = mainIsAnswer ? main[Math.Min(current.LateSentLength, main.Length)..] : main;
            segments.Add((mainIsAnswer ? current : null, ownText));
        }

        // A text of ours (still working) is not an answer: it always goes out, so its room is reserved up front.
        var reserved = !mainIsAnswer && main is not null ? Utf8Text.ByteCount(main) + Utf8Text.ByteCount(separator) : 0;
        var all = string.Join(separator, segments.Select(s => s.Text));
        var budget = Utf8Text.ByteCount(all) <= max ? max : max - Utf8Text.ByteCount(tail) - reserved;
        var everything = Utf8Text.ByteCount(all) <= max;

        var parts = new List<string>();
        var used = 0;
        var leftover = false;
        foreach (var (record, text) in segments)
        {
            if (record is null)
            {
                // Our own text: placed last, always.
                continue;
            }

            var join = parts.Count == 0 ? 0 : Utf8Text.ByteCount(separator);
            var bytes = Utf8Text.ByteCount(text);
            if (!leftover && used + join + bytes <= budget)
            {
                parts.Add(text);
                used += join + bytes;
                MarkPassivelyDelivered(record, record.Answer!.Length, now);
                continue;
            }

            if (!leftover && parts.Count == 0 && budget > 0)
            {
                var piece = Utf8TextSplitter.Split(text, budget)[0];
                if (Utf8Text.ByteCount(piece) <= budget)
                {
                    parts.Add(piece);
                    used += Utf8Text.ByteCount(piece);
                    var sent = Math.Min(record.LateSentLength, record.Answer!.Length) + piece.Length;
                    MarkPassivelyDelivered(record, sent, now);
                }
            }

            leftover = true;
            if (record.Delivery != DeliveryState.Held)
            {
                Hold(record, "paged: continues with the user's next message", now);
            }
        }

        if (!mainIsAnswer && main is not null)
        {
            parts.Add(main);
        }

        var page = string.Join(separator, parts);
        return everything || !leftover ? page : page + tail;
    }

    private static void MarkPassivelyDelivered(MessageRecord record, int sentLength, DateTimeOffset now)
    {
        record.LateSentLength = sentLength;
        if (sentLength >= record.Answer!.Length)
        {
            record.Delivery = record.PartInDoubt ? DeliveryState.InDoubt : DeliveryState.Delivered;
            record.DeliveryReason = null;
            if (record.Status == MessageStatus.LateQueued)
            {
                record.Status = MessageStatus.LateDelivered;
            }

            record.DeliveredAt = now;
        }
        else
        {
            Hold(record, "paged: continues with the user's next message", now);
        }
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

    /// <summary>
    /// An unsubscribe drops every undelivered reply at once: held, pending on either path (a passive delivery of a
    /// user who left never comes), the rest of a paged or split answer, and an answer still being generated, when it
    /// comes. A part already on the wire cannot be called back, but its reply stays expired whatever its send says (see
    /// <see cref="ConversationOutbox.Apply"/>: the counts took "expired" as final), and nothing after it goes. Nothing may reach a user who left, nor, after a new follow, a welcome carrying answers from before.
    /// </summary>
    public void ExpireOnUnsubscribe(string reason)
    {
        foreach (var record in State.Messages)
        {
            if (record.NeedsWork)
            {
                record.DroppedByUnsubscribe = true;
            }
            else if (record is { Answer: not null, Delivery: DeliveryState.Held or DeliveryState.Pending })
            {
                Expire(record, reason);
            }
        }
    }

    /// <summary>Drops a reply for good: it will never be sent.</summary>
    public static void Expire(MessageRecord record, string reason)
    {
        record.Delivery = DeliveryState.Expired;
        record.DeliveryReason = reason;
    }

    // Keeps the dedup set bounded by age and by count. Only finished pushes go; an answer that no delivery ever
    // claimed (the platform gave up, the ingress failed) is held for the next reply instead, and a reply held for
    // longer than the account allows expires.
    public void Prune(DateTimeOffset now, TimeSpan heldMaxAge)
    {
        var retention = TimeSpan.FromSeconds(options.Dedup.RetentionSeconds);
        foreach (var record in State.Messages)
        {
            // Only a reply still pending: one dropped (the user unsubscribed) stays dropped, and is never held again
            // for a welcome or a later message to carry.
            if (record is { Path: DeliveryPath.Passive, Status: MessageStatus.Answered, Delivery: DeliveryState.Pending } && now - record.FirstReceivedAt >= retention)
            {
                if (State.Unsubscribed)
                {
                    Expire(record, "unsubscribed");
                }
                else
                {
                    HoldUnclaimed(record, now);
                }
            }

            if (record is { Delivery: DeliveryState.Held, InFlight: null, HeldAt: { } heldAt } && now - heldAt >= heldMaxAge)
            {
                record.Delivery = DeliveryState.Expired;
                record.DeliveryReason = $"held longer than {heldMaxAge.TotalHours:0.#} h";
            }
        }

        // A finished reply goes only once the counts have it.
        // and once its records have everything it went through.
        bool Removable(MessageRecord m) => m.IsFinished && m.ReportedDelivery == m.Delivery && ConversationRecorder.IsRecorded(m);
        State.Messages.RemoveAll(m => Removable(m) && now - m.FirstReceivedAt >= retention);
        var excess = State.Messages.Count - options.Dedup.MaxEntries;
        if (excess > 0)
        {
            var oldest = State.Messages.Where(Removable).Take(excess).ToHashSet();
            State.Messages.RemoveAll(oldest.Contains);
        }
    }

    /// <summary>Brings records stored before the delivery ledger existed up to date.</summary>
    public void UpgradeStoredRecords()
    {
        foreach (var record in State.Messages.Where(m => m.Delivery is null && m.Answer is not null))
        {
            record.Delivery = record.Status switch
            {
                MessageStatus.Answered => DeliveryState.Pending,
                MessageStatus.LateQueued => DeliveryState.Held,
                _ => DeliveryState.Delivered,
            };
            if (record.Delivery == DeliveryState.Held)
            {
                record.HeldAt = record.AnsweredAt;
                record.DeliveryReason = "late answer: goes in front of the next reply";
            }
        }

        // Held for a pause before the hold kinds were stored: told apart by the reason it was given.
        foreach (var record in State.Messages.Where(m => m.Delivery == DeliveryState.Held && m.DeliveryReason?.StartsWith("paused", StringComparison.Ordinal) == true))
        {
            record.ResumesOnItsOwn = true;
        }
    }
}
