using System.Diagnostics.CodeAnalysis;
using CustomerService.Channels.Text;

namespace CustomerService.Grains.Delivery.Quota;

/// <summary>
/// Keeps a user's send quota (an estimate of what the platform still allows) and packs waiting text into the
/// messages it allows. Channel-neutral: the channel's numbers come in as a <see cref="QuotaPolicy"/>.
/// </summary>
/// <remarks>
/// <para>
/// WeChat (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html): a user
/// message allows 5 customer-service messages within 48 h, and each new user message resets that allowance rather than
/// adding to it, so two quick messages before any send share 5, not 10. A menu click (CLICK, scancode_push,
/// scancode_waitmsg), a parametric QR scan (SCAN) or a follow (subscribe) allows 3 within 1 minute and does not open
/// the 48 h window; VIEW and other events allow nothing. The caller maps events onto <see cref="OnUserMessage"/> and
/// <see cref="OnInteraction"/>.
/// </para>
/// <para>
/// Our count can drift from the platform's (a send that timed out may still have counted), so the platform's answer
/// wins: 45047 (out of response count limit) calls <see cref="MarkExhausted"/>, 45015 (response out of time limit)
/// calls <see cref="MarkWindowClosed"/>. Neither is retried; the next user action opens a new grant.
/// </para>
/// <para>A grant is usable strictly before its <see cref="QuotaGrant.ExpiresAt"/>.</para>
/// </remarks>
[SuppressMessage(
    "Performance",
    "CA1822:Mark members as static",
    Justification = "The quota operations belong to a planner built for one channel's policy; that some do not read it yet is not part of the contract.")]
public sealed class QuotaPlanner(QuotaPolicy policy)
{
    private readonly QuotaPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>A user message: replaces the user-message grant with a fresh one (the platform resets, never adds).</summary>
    public void OnUserMessage(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Prune(state, now);
        state.Grants.RemoveAll(g => g.Kind == QuotaGrantKind.UserMessage);
        state.Grants.Add(new QuotaGrant
        {
            Kind = QuotaGrantKind.UserMessage,
            OpenedAt = now,
            Count = _policy.UserMessageCount,
            ExpiresAt = now + _policy.UserMessageWindow,
        });
    }

    /// <summary>A menu click, scan or follow: adds a short grant beside any others.</summary>
    public void OnInteraction(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        Prune(state, now);
        state.Grants.Add(new QuotaGrant
        {
            Kind = QuotaGrantKind.Interaction,
            OpenedAt = now,
            Count = _policy.InteractionCount,
            ExpiresAt = now + _policy.InteractionWindow,
        });
    }

    /// <summary>How many messages the unexpired grants still allow.</summary>
    public int Remaining(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Grants.Where(g => now < g.ExpiresAt).Sum(g => Math.Max(0, g.Count - g.Used));
    }

    /// <summary>
    /// Takes one message from the unexpired grant that expires soonest (a one-minute interaction grant before the 48 h
    /// one, so that nothing usable is left to lapse).
    /// </summary>
    /// <returns>False when no grant has a message left; nothing changes then.</returns>
    public bool TryConsume(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var grant = state.Grants
            .Where(g => now < g.ExpiresAt && g.Used < g.Count)
            .OrderBy(g => g.ExpiresAt)
            .FirstOrDefault();
        if (grant is null)
        {
            return false;
        }

        grant.Used++;
        return true;
    }

    /// <summary>
    /// The platform answered 45047 (quota spent): every grant open when the send was made counts as used up. The
    /// window itself stays open, as far as <see cref="WindowOpen"/> tells, until it expires or the next user message
    /// resets the grant.
    /// </summary>
    /// <param name="state">The user's quota.</param>
    /// <param name="sentAt">
    /// When the refused send was made. A grant opened after it (a user message that arrived while the send was in
    /// flight) is newer than the platform's answer and keeps its messages.
    /// </param>
    public void MarkExhausted(QuotaState state, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var grant in state.Grants.Where(g => g.OpenedAt <= sentAt))
        {
            grant.Used = grant.Count;
        }
    }

    /// <summary>
    /// The platform answered 45015 (outside the window, or the user unfollowed): every grant counts as expired.
    /// </summary>
    /// <param name="state">The user's quota.</param>
    /// <param name="sentAt">
    /// When the rejected send was made. A grant opened after it (a user message that arrived while the send was in
    /// flight) is newer than the platform's answer and stays.
    /// </param>
    public void MarkWindowClosed(QuotaState state, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Grants.RemoveAll(g => g.OpenedAt <= sentAt);
    }

    /// <summary>Whether a user message opened the conversation window and it has not expired (interactions do not open it).</summary>
    public bool WindowOpen(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Grants.Exists(g => g.Kind == QuotaGrantKind.UserMessage && now < g.ExpiresAt);
    }

    /// <summary>Drops expired grants, so that the state stays a handful of entries however long the conversation.</summary>
    public void Prune(QuotaState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Grants.RemoveAll(g => g.ExpiresAt <= now);
    }

    /// <summary>
    /// Packs <paramref name="segments"/> into at most <paramref name="slots"/> messages of at most
    /// <paramref name="maxBytes"/> UTF-8 bytes each, and holds back what does not fit.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Segments go out in their order, each split with <see cref="Utf8TextSplitter"/>. One message never mixes owners,
    /// even when two short segments would fit together: each message then belongs to exactly one owner, which keeps
    /// the record of what was delivered for whom simple.
    /// </para>
    /// <para>
    /// Each new answer present is guaranteed one message when the slots allow: held segments together may use at most
    /// <c>slots - (number of new answers)</c> messages, and the new answers get the rest (when there are fewer slots
    /// than new answers, the earlier new answers get them). Answers still to come count as new answers that come
    /// after every segment given. So with one slot, held text and a new answer, the slot goes
    /// to the new answer, which is what the user is waiting for, and the held text waits.
    /// </para>
    /// <para>
    /// When anything is held, the plan's last message ends with <paramref name="continueTail"/> (a prompt to send
    /// anything to continue), and the tail's bytes count against that message, which may hold back a little more of
    /// its own text to make room. As with <see cref="Utf8TextSplitter.Split"/>, a single text element larger than the
    /// room left goes out alone and over the limit rather than broken; at real limits (2048 bytes) only a pathological
    /// cluster of hundreds of combining marks is that large.
    /// </para>
    /// </remarks>
    /// <param name="segments">The text waiting to go out, in order. Segments with empty text are dropped.</param>
    /// <param name="slots">How many messages may be sent now (e.g. <see cref="Remaining"/>).</param>
    /// <param name="maxBytes">The byte limit of one message, tail included.</param>
    /// <param name="continueTail">Appended to the last message when text is held.</param>
    /// <param name="answersToCome">
    /// New answers that are not among <paramref name="segments"/> yet (still being generated, or waiting behind one
    /// that is): each keeps one message of <paramref name="slots"/>, as a new answer present would.
    /// </param>
    /// <returns>
    /// The messages, and the held segments in input order with their remaining text. Held segments come back with
    /// <see cref="PendingSegment.IsNewAnswer"/> false: once text has waited it is older than the next new answer.
    /// </returns>
    public static DeliveryPlan Plan(IReadOnlyList<PendingSegment> segments, int slots, int maxBytes, string continueTail, int answersToCome = 0)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(continueTail);
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ArgumentOutOfRangeException.ThrowIfNegative(answersToCome);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var tailBytes = Utf8Text.ByteCount(continueTail);
        if (tailBytes >= maxBytes)
        {
            throw new ArgumentException(
                $"The continue tail takes {tailBytes} bytes and leaves no room for text within {maxBytes} bytes.",
                nameof(continueTail));
        }

        var pending = segments.Where(s => s.Text.Length > 0).ToList();
        var chunks = pending.Select(s => Utf8TextSplitter.Split(s.Text, maxBytes)).ToList();
        var used = Allocate(pending, chunks, slots, answersToCome);

        var leftOver = false;
        var last = -1;
        for (var i = 0; i < pending.Count; i++)
        {
            leftOver |= used[i] < chunks[i].Count;
            last = used[i] > 0 ? i : last;
        }

        var messages = new List<PlannedMessage>();
        var held = new List<PendingSegment>();
        for (var i = 0; i < pending.Count; i++)
        {
            var segment = pending[i];
            var sent = chunks[i].Take(used[i]).ToList();
            if (leftOver && i == last)
            {
                // The tail goes on this message: re-cut its text with the tail's bytes taken off the budget. Pack
                // does that while counting what it holds back in full messages, the size it goes out in on the
                // user's next turn. When this segment's rest fits one full message (the held text is a later
                // segment's), Pack would send it without a tail; whatever is cut off it then fits one message
                // anyway, so the rest is simply cut to the room beside the tail.
                var before = sent.Take(sent.Count - 1).Sum(c => c.Length);
                var rest = segment.Text[before..];
                var withTail = Utf8TextSplitter.Pack(rest, maxBytes, 1, continueTail);
                if (!withTail.HasRemainder)
                {
                    withTail = Utf8TextSplitter.Pack(rest, maxBytes - tailBytes, 1, string.Empty);
                }

                sent[^1] = rest[..(rest.Length - (withTail.Remainder?.Length ?? 0))];
                messages.AddRange(sent.Select((text, n) => new PlannedMessage
                {
                    OwnerId = segment.OwnerId,
                    Text = n == sent.Count - 1 ? text + continueTail : text,
                    EndsWithTail = n == sent.Count - 1,
                }));
                Hold(held, segment, withTail.Remainder);
                continue;
            }

            messages.AddRange(sent.Select(text => new PlannedMessage { OwnerId = segment.OwnerId, Text = text }));
            var sentLength = sent.Sum(c => c.Length);
            Hold(held, segment, sentLength < segment.Text.Length ? segment.Text[sentLength..] : null);
        }

        return new DeliveryPlan { Messages = messages, Held = held };
    }

    /// <summary>How many messages each segment gets, by the reservation rule of <see cref="Plan"/>.</summary>
    private static int[] Allocate(List<PendingSegment> pending, List<IReadOnlyList<string>> chunks, int slots, int answersToCome)
    {
        var laterNewAnswers = pending.Count(s => s.IsNewAnswer) + answersToCome;
        var heldBudget = Math.Max(0, slots - laterNewAnswers);
        var remaining = slots;
        var used = new int[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            int allowed;
            if (pending[i].IsNewAnswer)
            {
                laterNewAnswers--;
                allowed = remaining == 0 ? 0 : Math.Max(1, remaining - laterNewAnswers);
            }
            else
            {
                allowed = Math.Min(heldBudget, Math.Max(0, remaining - laterNewAnswers));
            }

            used[i] = Math.Min(allowed, chunks[i].Count);
            remaining -= used[i];
            if (!pending[i].IsNewAnswer)
            {
                heldBudget -= used[i];
            }
        }

        return used;
    }

    private static void Hold(List<PendingSegment> held, PendingSegment segment, string? remainder)
    {
        if (!string.IsNullOrEmpty(remainder))
        {
            held.Add(segment with { Text = remainder, IsNewAnswer = false });
        }
    }
}
