using CustomerService.Grains.Delivery.Quota;

namespace CustomerService.Grains.Tests.Delivery.Quota;

public sealed class QuotaPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly QuotaPlanner _planner = new(QuotaPolicy.WeChatOfficialAccount);

    [Fact]
    public void WeChatOfficialAccount_Values_MatchThePlatformTable()
    {
        var policy = QuotaPolicy.WeChatOfficialAccount;

        Assert.Equal(
            (5, TimeSpan.FromHours(48), 3, TimeSpan.FromMinutes(1)),
            (policy.UserMessageCount, policy.UserMessageWindow, policy.InteractionCount, policy.InteractionWindow));
    }

    [Fact]
    public void OnUserMessage_NewState_AllowsFiveAndOpensWindow()
    {
        var state = new QuotaState();

        _planner.OnUserMessage(state, T0);

        Assert.Equal((5, true), (_planner.Remaining(state, T0), _planner.WindowOpen(state, T0)));
    }

    [Fact]
    public void OnUserMessage_TwoMessagesBeforeAnySend_ShareFiveMessages()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnUserMessage(state, T0.AddSeconds(10));
        var now = T0.AddSeconds(20);

        var consumed = Enumerable.Range(0, 6).Select(_ => _planner.TryConsume(state, now)).ToList();

        Assert.Equal([true, true, true, true, true, false], consumed);
    }

    [Fact]
    public void OnUserMessage_AfterThreeSent_ResetsToFive()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(_planner.TryConsume(state, T0.AddMinutes(1)));
        }

        _planner.OnUserMessage(state, T0.AddMinutes(2));

        Assert.Equal(5, _planner.Remaining(state, T0.AddMinutes(2)));
    }

    [Fact]
    public void OnUserMessage_LaterMessage_WindowRunsFromTheLaterMessage()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnUserMessage(state, T0.AddHours(10));

        Assert.Equal(
            (true, false),
            (_planner.WindowOpen(state, T0.AddHours(57)), _planner.WindowOpen(state, T0.AddHours(58))));
    }

    [Fact]
    public void Remaining_UserGrantAt48Hours_IsExpired()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);

        Assert.Equal(
            (5, true, 0, false),
            (_planner.Remaining(state, T0.AddHours(48).AddTicks(-1)), _planner.WindowOpen(state, T0.AddHours(48).AddTicks(-1)),
                _planner.Remaining(state, T0.AddHours(48)), _planner.WindowOpen(state, T0.AddHours(48))));
    }

    [Fact]
    public void TryConsume_ExpiredUserGrant_ReturnsFalse()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);

        Assert.False(_planner.TryConsume(state, T0.AddHours(48)));
    }

    [Fact]
    public void OnInteraction_NewState_AllowsThreeForOneMinute()
    {
        var state = new QuotaState();

        _planner.OnInteraction(state, T0);

        Assert.Equal(
            (3, 0),
            (_planner.Remaining(state, T0.AddSeconds(59)), _planner.Remaining(state, T0.AddMinutes(1))));
    }

    [Fact]
    public void OnInteraction_NoUserMessage_DoesNotOpenWindow()
    {
        var state = new QuotaState();

        _planner.OnInteraction(state, T0);

        Assert.False(_planner.WindowOpen(state, T0));
    }

    [Fact]
    public void OnInteraction_NoUserMessage_AllowsExactlyThreeSends()
    {
        var state = new QuotaState();
        _planner.OnInteraction(state, T0);

        var consumed = Enumerable.Range(0, 4).Select(_ => _planner.TryConsume(state, T0.AddSeconds(5))).ToList();

        Assert.Equal([true, true, true, false], consumed);
    }

    [Fact]
    public void OnInteraction_InsideUserWindow_AddsThreeToFive()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);

        _planner.OnInteraction(state, T0.AddMinutes(5));

        Assert.Equal(8, _planner.Remaining(state, T0.AddMinutes(5)));
    }

    [Fact]
    public void OnUserMessage_AfterInteraction_KeepsTheInteractionGrant()
    {
        var state = new QuotaState();
        _planner.OnInteraction(state, T0);

        _planner.OnUserMessage(state, T0.AddSeconds(10));

        Assert.Equal(8, _planner.Remaining(state, T0.AddSeconds(10)));
    }

    [Fact]
    public void TryConsume_InteractionAndUserGrants_SpendsTheSoonerExpiringFirst()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnInteraction(state, T0.AddMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(_planner.TryConsume(state, T0.AddMinutes(1)));
        }

        // The three came out of the one-minute grant, so the user grant still has all five after it lapses.
        Assert.Equal(5, _planner.Remaining(state, T0.AddMinutes(2)));
    }

    [Fact]
    public void TryConsume_NoGrant_ReturnsFalseAndLeavesStateEmpty()
    {
        var state = new QuotaState();

        Assert.False(_planner.TryConsume(state, T0));
        Assert.Empty(state.Grants);
    }

    [Fact]
    public void MarkExhausted_OpenGrants_LeavesNothingToSend()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnInteraction(state, T0);

        _planner.MarkExhausted(state, T0);

        Assert.Equal((0, false), (_planner.Remaining(state, T0), _planner.TryConsume(state, T0)));
    }

    [Fact]
    public void MarkExhausted_OpenWindow_WindowStaysOpen()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);

        _planner.MarkExhausted(state, T0);

        Assert.True(_planner.WindowOpen(state, T0.AddMinutes(1)));
    }

    [Fact]
    public void MarkExhausted_UserMessageArrivedAfterTheRefusedSend_KeepsItsGrant()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        var refusedSendAt = T0.AddMinutes(10);
        _planner.OnUserMessage(state, refusedSendAt.AddSeconds(1));

        _planner.MarkExhausted(state, refusedSendAt);

        Assert.Equal(5, _planner.Remaining(state, refusedSendAt.AddSeconds(2)));
    }

    [Fact]
    public void MarkExhausted_InteractionGrantOpenedAfterTheRefusedSend_KeepsItsMessages()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnInteraction(state, T0.AddSeconds(2));

        _planner.MarkExhausted(state, T0.AddSeconds(1));

        Assert.Equal(3, _planner.Remaining(state, T0.AddSeconds(3)));
    }

    [Fact]
    public void OnUserMessage_AfterExhausted_AllowsFiveAgain()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.MarkExhausted(state, T0);

        _planner.OnUserMessage(state, T0.AddMinutes(3));

        Assert.Equal(5, _planner.Remaining(state, T0.AddMinutes(3)));
    }

    [Fact]
    public void MarkWindowClosed_OpenGrants_ExpiresThemAll()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnInteraction(state, T0.AddSeconds(1));

        _planner.MarkWindowClosed(state, T0.AddSeconds(2));

        Assert.Equal(
            (0, false, false),
            (_planner.Remaining(state, T0.AddSeconds(2)), _planner.WindowOpen(state, T0.AddSeconds(2)), _planner.TryConsume(state, T0.AddSeconds(2))));
    }

    [Fact]
    public void MarkWindowClosed_UserMessageArrivedAfterTheRejectedSend_KeepsItsGrant()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        var rejectedSendAt = T0.AddHours(1);
        _planner.OnUserMessage(state, rejectedSendAt.AddSeconds(1));

        _planner.MarkWindowClosed(state, rejectedSendAt);

        Assert.Equal(5, _planner.Remaining(state, rejectedSendAt.AddSeconds(2)));
    }

    [Fact]
    public void OnUserMessage_AfterWindowClosed_AllowsFiveAgain()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.MarkWindowClosed(state, T0.AddHours(1));

        _planner.OnUserMessage(state, T0.AddHours(2));

        Assert.Equal((5, true), (_planner.Remaining(state, T0.AddHours(2)), _planner.WindowOpen(state, T0.AddHours(2))));
    }

    [Fact]
    public void Prune_MixedGrants_DropsOnlyExpiredOnes()
    {
        var state = new QuotaState();
        _planner.OnUserMessage(state, T0);
        _planner.OnInteraction(state, T0);
        _planner.OnInteraction(state, T0.AddSeconds(30));

        _planner.Prune(state, T0.AddMinutes(1));

        Assert.Equal(
            [(QuotaGrantKind.UserMessage, T0), (QuotaGrantKind.Interaction, T0.AddSeconds(30))],
            state.Grants.Select(g => (g.Kind, g.OpenedAt)));
    }

    [Fact]
    public void OnUserMessage_MonthOfMessagesAndClicks_StateStaysBounded()
    {
        var state = new QuotaState();
        for (var minute = 0; minute < 30 * 24 * 60; minute += 7)
        {
            _planner.OnUserMessage(state, T0.AddMinutes(minute));
            _planner.OnInteraction(state, T0.AddMinutes(minute).AddSeconds(20));
        }

        // One user-message grant, and only the interaction grant of the last minute.
        Assert.Equal(2, state.Grants.Count);
    }

    [Fact]
    public void OnUserMessage_CustomPolicy_UsesItsNumbers()
    {
        var planner = new QuotaPlanner(new QuotaPolicy { UserMessageCount = 2, UserMessageWindow = TimeSpan.FromHours(1) });
        var state = new QuotaState();

        planner.OnUserMessage(state, T0);

        Assert.Equal(
            (2, 0),
            (planner.Remaining(state, T0.AddMinutes(59)), planner.Remaining(state, T0.AddHours(1))));
    }
}
