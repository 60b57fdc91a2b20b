using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// Handoff to WeChat's own human customer service (transfer_customer_service) and the kf session events that drive
/// the waiting state (https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Forwarding_of_messages_to_service_center.html).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HumanHandoffTests(ConversationClusterFixture fixture)
{
    [Fact]
    public async Task RecordInbound_AskForAHuman_TransfersTheMessage()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);

        var outcome = await grain.RecordInboundAsync(Pushes.Text("转人工"));

        Assert.Equal(PassiveReply.TransferToHuman, outcome.Reply);
        Assert.NotNull((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    [Fact]
    public async Task RecordInbound_WhileQueued_TransfersEveryMessageAgainWithoutTheModel()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        await grain.RecordInboundAsync(Pushes.Text("人工客服"));
        const string question = "我的订单为什么还没发货";

        var queued = await grain.RecordInboundAsync(Pushes.Text(question));
        var again = await grain.RecordInboundAsync(Pushes.Text("在吗"));

        Assert.Equal(PassiveReply.TransferToHuman, queued.Reply);
        Assert.Equal(PassiveReply.TransferToHuman, again.Reply);
        Assert.Equal(0, fixture.Chat.CallsFor(question));
    }

    [Fact]
    public async Task RecordInbound_PlatformRetryOfATransferredMessage_TransfersItAgain()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        var ask = Pushes.Text("转人工");
        await grain.RecordInboundAsync(ask);

        var retry = await grain.RecordInboundAsync(ask);
        var claim = await grain.ClaimPassiveReplyAsync(ask.DedupId);

        Assert.Equal((2, PassiveReplyKind.TransferToHuman), (retry.Attempt, retry.Reply?.Kind));
        Assert.Equal(PassiveReply.TransferToHuman, claim);
    }

    [Fact]
    public async Task RecordInbound_SessionOpenLongerThanTheHandoffExpiry_StaysWithTheAgent()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        await grain.RecordInboundAsync(Pushes.Text("转人工"));
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.HumanSessionOpened, eventKey: "kf2001@gh_demo"));
        fixture.Time.Advance(TimeSpan.FromMinutes(29));

        var during = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReply.TransferToHuman, during.Reply);
        Assert.NotNull((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    [Fact]
    public async Task RecordInbound_OpenSessionThirtyMinutesAfterItsLastEvent_BotAnswersAgain()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        await grain.RecordInboundAsync(Pushes.Text("转人工"));
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.HumanSessionOpened, eventKey: "kf2001@gh_demo"));
        fixture.Time.Advance(TimeSpan.FromMinutes(20));
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.HumanSessionSwitched, eventKey: "kf2002@gh_demo"));
        fixture.Time.Advance(TimeSpan.FromMinutes(30));

        var after = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("什么时候发货")), after.Reply);
        Assert.Null((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    [Fact]
    public async Task RecordInbound_AgentClosedTheSession_BotAnswersAgain()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        await grain.RecordInboundAsync(Pushes.Text("转人工"));
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.HumanSessionOpened, eventKey: "kf2001@gh_demo"));
        var close = await grain.RecordInboundAsync(Pushes.Of(InboundKind.HumanSessionClosed, eventKey: "kf2001@gh_demo"));

        var after = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReplyKind.Acknowledge, close.Reply?.Kind);
        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("什么时候发货")), after.Reply);
    }

    [Fact]
    public async Task RecordInbound_EventWhileQueued_IsNeverTransferred()
    {
        var grain = fixture.NewConversation(ConversationClusterFixture.TransferAccount, out _);
        await grain.RecordInboundAsync(Pushes.Text("转人工"));

        var click = await grain.RecordInboundAsync(Pushes.Of(InboundKind.MenuClick, eventKey: "MENU_UNKNOWN"));

        Assert.NotEqual(PassiveReplyKind.TransferToHuman, click.Reply?.Kind);
    }
}
