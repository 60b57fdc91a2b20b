namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// One user of one account: the grants their actions opened and the typing indicator. Mutable; guarded by the
/// platform's lock.
/// </summary>
internal sealed class FakeUser
{
    // The 48-hour grant of the latest user message: a new message replaces it (5 in all, not 5 more).
    private FakeGrant? _messageGrant;
    private readonly List<FakeGrant> _interactionGrants = [];

    public DateTimeOffset? LastInteractionAt { get; private set; }

    public DateTimeOffset? TypingUntil { get; private set; }

    public bool OptedOut { get; set; }

    public void RecordUserMessage(DateTimeOffset at)
    {
        _messageGrant = new FakeGrant(at + FakeWeChatRules.UserMessageWindow, FakeWeChatRules.UserMessageAllowance);
        Touch(at);
    }

    public void RecordInteraction(DateTimeOffset at)
    {
        _interactionGrants.Add(new FakeGrant(at + FakeWeChatRules.InteractionWindow, FakeWeChatRules.InteractionAllowance));
        Touch(at);
    }

    /// <summary>
    /// Spends one message: 45015 when no grant is open, 45047 when the open ones are used up. The grant that expires
    /// first is spent first (our choice; the platform does not document its order), which lets the most through.
    /// </summary>
    public int TrySpend(DateTimeOffset now)
    {
        _interactionGrants.RemoveAll(g => g.ExpiresAt <= now);
        var open = _interactionGrants.AsEnumerable();
        if (_messageGrant is { } message && message.ExpiresAt > now)
        {
            open = open.Append(message);
        }

        var grants = open.OrderBy(g => g.ExpiresAt).ToList();
        if (grants.Count == 0)
        {
            return FakeWeChatErrors.WindowClosed;
        }

        var grant = grants.FirstOrDefault(g => g.Remaining > 0);
        if (grant is null)
        {
            return FakeWeChatErrors.QuotaSpent;
        }

        grant.Remaining--;

        // A sent message clears the typing indicator.
        TypingUntil = null;
        return FakeWeChatErrors.Ok;
    }

    public int StartTyping(DateTimeOffset now)
    {
        if (LastInteractionAt is not { } last || now - last > FakeWeChatRules.TypingAfterInteraction)
        {
            return FakeWeChatErrors.TypingNoInteraction;
        }

        if (TypingUntil is { } until && until > now)
        {
            return FakeWeChatErrors.TypingActive;
        }

        TypingUntil = now + FakeWeChatRules.TypingDuration;
        return FakeWeChatErrors.Ok;
    }

    public void CancelTyping() => TypingUntil = null;

    private void Touch(DateTimeOffset at)
    {
        if (LastInteractionAt is null || at > LastInteractionAt)
        {
            LastInteractionAt = at;
        }
    }
}
