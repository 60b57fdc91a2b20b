using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

[Collection(ClusterCollection.Name)]
public sealed class ConversationGrainTests(ConversationClusterFixture fixture)
{
    private static readonly ReplyTextOptions Replies = new();
    private const string ShippingQuestion = "什么时候发货";

    [Fact]
    public async Task RecordInbound_RetriedMsgId_DoesTheWorkOnce()
    {
        var grain = fixture.NewConversation();
        const string question = "请帮我翻译一句英文谚语的意思";
        var push = Pushes.Text(question);

        var first = await grain.RecordInboundAsync(push);
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken));
        var second = await grain.RecordInboundAsync(push);
        var third = await grain.RecordInboundAsync(push);

        Assert.Equal([1, 2, 3], new[] { first.Attempt, second.Attempt, third.Attempt });
        Assert.Equal(1, fixture.Chat.CallsFor(question));
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Single(snapshot.Messages);
        Assert.Equal(2, snapshot.History.Length);
    }

    [Fact]
    public async Task ClaimPassiveReply_RetryAfterDelivery_ReturnsTheSameReplyNotSuccess()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Text(ShippingQuestion);
        await grain.RecordInboundAsync(push);
        var delivered = await grain.ClaimPassiveReplyAsync(push.DedupId);

        await grain.RecordInboundAsync(push);
        var again = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.Equal(PassiveReplyKind.Reply, again.Kind);
        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), delivered.Text);
        Assert.Equal(delivered.Text, again.Text);
    }

    [Fact]
    public async Task RecordInbound_FaqQuestion_AnswersFromTheFaqWithoutTheModel()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Text("请问下单后多久能发货？");

        var outcome = await grain.RecordInboundAsync(push);
        var reply = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.True(outcome.AnswerReady);
        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), reply.Text);
        Assert.Equal(0, fixture.Chat.CallsFor("请问下单后多久能发货？"));
    }

    [Fact]
    public async Task RecordInbound_AnswerKnownAtOnce_ClaimsTheReplyInTheSameCall()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Text(ShippingQuestion);

        var outcome = await grain.RecordInboundAsync(push);

        Assert.Equal(PassiveReplyKind.Reply, outcome.Reply?.Kind);
        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), outcome.Reply?.Text);
        Assert.Equal(MessageStatus.Delivered, (await grain.GetSnapshotAsync()).Messages.Single().Status);
    }

    [Fact]
    public async Task RecordInbound_AnswerNeedsTheModel_ReturnsNoReplyYet()
    {
        var grain = fixture.NewConversation();
        const string question = "请问如何评价一部电影的好坏";
        var held = fixture.Chat.Hold(question);

        var outcome = await grain.RecordInboundAsync(Pushes.Text(question));
        await held.Called;

        Assert.Null(outcome.Reply);
        Assert.False(outcome.AnswerReady);
        held.Release("看剧情和表演。");
    }

    [Fact]
    public async Task RecordInbound_OverTheRateLimit_GetsThePoliteOverLimitReply()
    {
        var grain = fixture.NewConversation();
        var capacity = new RateLimitOptions().Capacity;
        for (var i = 0; i < capacity; i++)
        {
            var push = Pushes.Text(ShippingQuestion);
            await grain.RecordInboundAsync(push);
            Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
        }

        var over = Pushes.Text(ShippingQuestion);
        await grain.RecordInboundAsync(over);

        Assert.Equal(Replies.OverLimit, (await grain.ClaimPassiveReplyAsync(over.DedupId)).Text);
    }

    [Fact]
    public async Task RecordInbound_RetriesAndEvents_DoNotCountAgainstTheRateLimit()
    {
        var grain = fixture.NewConversation();
        var first = Pushes.Text(ShippingQuestion);
        await grain.RecordInboundAsync(first);
        for (var i = 0; i < 20; i++)
        {
            await grain.RecordInboundAsync(first);
            await grain.RecordInboundAsync(Pushes.Of(InboundKind.LocationReport));
        }

        var capacity = new RateLimitOptions().Capacity;
        string? last = null;
        for (var i = 1; i < capacity; i++)
        {
            var push = Pushes.Text(ShippingQuestion);
            await grain.RecordInboundAsync(push);
            last = (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text;
        }

        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), last);
    }

    [Fact]
    public async Task RecordInbound_ManyExchanges_KeepsOnlyMaxTurnsOfHistory()
    {
        var grain = fixture.NewConversation();
        for (var i = 0; i < ConversationClusterFixture.MaxTurns + 2; i++)
        {
            await grain.RecordInboundAsync(Pushes.Text($"第{i}个问题：介绍一位唐朝诗人"));
        }

        await DrainAsync(grain);
        var history = (await grain.GetSnapshotAsync()).History;

        Assert.Equal(ConversationClusterFixture.MaxTurns * 2, history.Length);
        Assert.Equal("第2个问题：介绍一位唐朝诗人", history[0].Text);
        Assert.Equal(ChatRole.User, history[0].Role);
        Assert.Equal(ScriptedChatClient.AnswerFor("第4个问题：介绍一位唐朝诗人"), history[^1].Text);
    }

    [Fact]
    public async Task RecordInbound_SecondQuestion_GivesTheModelTheFirstExchangeAsContext()
    {
        var grain = fixture.NewConversation();
        const string first = "我最近在学习做川菜";
        const string second = "那麻婆豆腐应该先放什么调料";
        await grain.RecordInboundAsync(Pushes.Text(first));
        await grain.RecordInboundAsync(Pushes.Text(second));
        await DrainAsync(grain);

        var call = fixture.Chat.Calls.Single(c => c[^1].Text == second);

        Assert.Equal(
            ["system", "user", "assistant", "user"],
            call.Select(m => m.Role.Value).ToArray());
        Assert.Equal(first, call[1].Text);
        Assert.Equal(ScriptedChatClient.AnswerFor(first), call[2].Text);
    }

    [Fact]
    public async Task RecordInbound_ModelFails_AnswersWithTheFallback()
    {
        var grain = fixture.NewConversation();
        const string question = "请预测一下明年的天气趋势";
        fixture.Chat.Fail(question);
        var push = Pushes.Text(question);

        await grain.RecordInboundAsync(push);
        await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken);

        Assert.Equal(Replies.Fallback, (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
    }

    [Theory]
    [InlineData(InboundKind.UnsupportedContent)]
    [InlineData(InboundKind.Image)]
    [InlineData(InboundKind.Video)]
    [InlineData(InboundKind.Location)]
    [InlineData(InboundKind.Link)]
    public async Task RecordInbound_ContentTheBotCannotRead_AsksToTypeWithoutTheModel(InboundKind kind)
    {
        var grain = fixture.NewConversation();
        var calls = fixture.Chat.Calls.Count;
        var push = Pushes.Of(kind);

        await grain.RecordInboundAsync(push);

        Assert.Equal(Replies.PleaseType, (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
        Assert.Equal(calls, fixture.Chat.Calls.Count);
    }

    [Fact]
    public async Task RecordInbound_VoiceWithRecognition_IsAnsweredAsItsText()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Of(InboundKind.Voice, text: "什么时候发货");

        await grain.RecordInboundAsync(push);

        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("。。？")]
    [InlineData("\uFFFD")]
    public async Task RecordInbound_VoiceWithoutReadableRecognition_AsksToType(string? recognition)
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Of(InboundKind.Voice, text: recognition);

        await grain.RecordInboundAsync(push);

        Assert.Equal(Replies.VoiceUnrecognized, (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
    }

    [Fact]
    public async Task RecordInbound_Subscribe_WelcomesOnceAcrossRetries()
    {
        var grain = fixture.NewConversation();
        var subscribe = Pushes.Of(InboundKind.Subscribe, eventKey: "qrscene_123123", dedupId: "evt:123456789:subscribe:qrscene_123123");

        await grain.RecordInboundAsync(subscribe);
        var first = await grain.ClaimPassiveReplyAsync(subscribe.DedupId);
        var retry = await grain.RecordInboundAsync(subscribe);
        var second = await grain.ClaimPassiveReplyAsync(subscribe.DedupId);
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal(Replies.Welcome, first.Text);
        Assert.Equal(Replies.Welcome, second.Text);
        Assert.Equal(2, retry.Attempt);
        Assert.Single(snapshot.Messages);
        Assert.NotNull(snapshot.LastEventAt);
        Assert.Null(snapshot.LastUserMessageAt);
    }

    [Fact]
    public async Task RecordInbound_Unsubscribe_AcknowledgesAndMarksTheConversation()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Of(InboundKind.Unsubscribe);

        await grain.RecordInboundAsync(push);
        var reply = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.Equal(PassiveReplyKind.Acknowledge, reply.Kind);
        Assert.True((await grain.GetSnapshotAsync()).Unsubscribed);
    }

    [Fact]
    public async Task RecordInbound_UserMessage_OpensTheWindowButAMenuClickDoesNot()
    {
        var grain = fixture.NewConversation();
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.MenuClick, eventKey: "MENU_UNKNOWN"));
        var afterClick = await grain.GetSnapshotAsync();

        await grain.RecordInboundAsync(Pushes.Text(ShippingQuestion));
        var afterMessage = await grain.GetSnapshotAsync();

        Assert.Null(afterClick.LastUserMessageAt);
        Assert.Equal(fixture.Time.GetUtcNow(), afterClick.LastEventAt);
        Assert.Equal(fixture.Time.GetUtcNow(), afterMessage.LastUserMessageAt);
    }

    [Theory]
    [InlineData(InboundKind.MenuView)]
    [InlineData(InboundKind.LocationReport)]
    [InlineData(InboundKind.DeliveryReceipt)]
    [InlineData(InboundKind.Unknown)]
    [InlineData(InboundKind.Scan)]
    public async Task RecordInbound_EventsWithoutAnAnswer_Acknowledge(InboundKind kind)
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Of(kind, eventKey: "x");

        var outcome = await grain.RecordInboundAsync(push);

        Assert.True(outcome.AnswerReady);
        Assert.Equal(PassiveReplyKind.Acknowledge, (await grain.ClaimPassiveReplyAsync(push.DedupId)).Kind);
    }

    [Fact]
    public async Task RecordInbound_AskForAHumanWithoutTransfer_HandsOffThenSendsOneNoticeThenStaysSilent()
    {
        var grain = fixture.NewConversation();
        var ask = Pushes.Text("转人工");
        var next = Pushes.Text("什么时候发货");
        var third = Pushes.Text("在吗");

        await grain.RecordInboundAsync(ask);
        var handoff = await grain.ClaimPassiveReplyAsync(ask.DedupId);
        await grain.RecordInboundAsync(next);
        var notice = await grain.ClaimPassiveReplyAsync(next.DedupId);
        await grain.RecordInboundAsync(third);
        var silent = await grain.ClaimPassiveReplyAsync(third.DedupId);

        Assert.Equal(Replies.Handoff, handoff.Text);
        Assert.Equal(Replies.HandoffWaiting, notice.Text);
        Assert.Equal(PassiveReplyKind.Acknowledge, silent.Kind);
        Assert.Equal(0, fixture.Chat.CallsFor("在吗"));
        Assert.NotNull((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    [Fact]
    public async Task RecordInbound_HandoffExpired_AnswersAgain()
    {
        var grain = fixture.NewConversation();
        var ask = Pushes.Text("人工客服");
        await grain.RecordInboundAsync(ask);
        await grain.ClaimPassiveReplyAsync(ask.DedupId);
        fixture.Time.Advance(TimeSpan.FromMinutes(new HandoffOptions().ExpiresAfterMinutes));
        var later = Pushes.Text(ShippingQuestion);

        await grain.RecordInboundAsync(later);

        Assert.Equal(SampleFaq.AnswerOf(ShippingQuestion), (await grain.ClaimPassiveReplyAsync(later.DedupId)).Text);
        Assert.Null((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    [Fact]
    public async Task RecordInbound_NegatedHandoffPhrase_IsNotAHandoff()
    {
        var grain = fixture.NewConversation();
        var push = Pushes.Text("不要人工");

        await grain.RecordInboundAsync(push);
        await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken);

        Assert.NotEqual(Replies.Handoff, (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
        Assert.Null((await grain.GetSnapshotAsync()).WaitingForHumanSince);
    }

    // Waits for every model answer of the conversation without polling: each wait returns when its work ends.
    private static async Task DrainAsync(IConversationGrain grain)
    {
        foreach (var message in (await grain.GetSnapshotAsync()).Messages)
        {
            await grain.WaitForAnswerAsync(message.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken);
        }
    }
}
