using System.Text;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Tests.Shared;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// WeChat's passive timeline with a slow model: attempts 1 and 2 are held so that WeChat retries, the 3rd gets
/// "still working", and the late answer goes in front of the reply to the next message. Driven by the fake clock.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PassiveTimelineTests(ConversationClusterFixture fixture)
{
    private static readonly ReplyTextOptions Replies = new();
    private static readonly int MaxReplyBytes = new PassiveOptions().MaxReplyBytes;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(4500);
    private static readonly TimeSpan RetryGap = TimeSpan.FromMilliseconds(500);

    // A claim for a push this activation has not seen (it read the state before another activation stored the push,
    // during a hand-over): "success" would end WeChat's exchange unanswered; a hold lets the retry find the push.
    [Fact]
    public async Task ClaimPassiveReply_PushThisActivationHasNotSeen_HoldsSoThatWeChatRetries()
    {
        var grain = fixture.NewConversation();

        var reply = await grain.ClaimPassiveReplyAsync("msg:" + Guid.NewGuid().ToString("N"));

        Assert.Equal(PassiveReplyKind.Hold, reply.Kind);
    }

    [Fact]
    public async Task PassiveTimeline_SlowModel_HoldsTwiceSaysStillWorkingThenPutsTheLateAnswerFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        const string question = "帮我写一首关于秋天落叶的小诗";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        // Attempt 1 at t=0: no answer within the budget, so hold the request.
        var first = await grain.RecordInboundAsync(push);
        await held.Called;
        var firstReply = await AttemptAsync(grain, push, first, ct);

        // Attempt 2 at t=5 s: the same in-flight work, still nothing.
        fixture.Time.Advance(RetryGap);
        var second = await grain.RecordInboundAsync(push);
        var secondReply = await AttemptAsync(grain, push, second, ct);

        // Attempt 3 at t=10 s: the last one always gets a reply.
        fixture.Time.Advance(RetryGap);
        var third = await grain.RecordInboundAsync(push);
        var thirdReply = await AttemptAsync(grain, push, third, ct);

        Assert.Equal([1, 2, 3], new[] { first.Attempt, second.Attempt, third.Attempt });
        Assert.Equal(PassiveReplyKind.Hold, firstReply.Kind);
        Assert.Equal(PassiveReplyKind.Hold, secondReply.Kind);
        Assert.Equal(Replies.StillWorking, thirdReply.Text);
        Assert.Equal(1, fixture.Chat.CallsFor(question));

        // The model answers after the window: the answer is parked.
        held.Release("这是迟到的回答");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(1), ct));
        Assert.Equal(MessageStatus.LateQueued, Status(await grain.GetSnapshotAsync(), push.DedupId));

        // The next message is answered itself, with the late answer in front.
        var next = Pushes.Text("什么时候发货");
        await grain.RecordInboundAsync(next);
        var nextReply = await grain.ClaimPassiveReplyAsync(next.DedupId);

        Assert.Equal("这是迟到的回答" + Replies.LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货"), nextReply.Text);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal(MessageStatus.LateDelivered, Status(snapshot, push.DedupId));
        Assert.Equal(MessageStatus.Delivered, Status(snapshot, next.DedupId));
    }

    // A late answer longer than one passive reply is paged, never truncated: the held page comes first (cut between
    // graphemes, ending with the continue tail), the new answer waits behind it whole, and the next message gets
    // the rest of the late answer, then the waiting answer, then its own.
    [Fact]
    public async Task ClaimPassiveReply_LateAnswerLongerThanOneReply_PagesItFirstAndQueuesTheNewAnswerBehind()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        const string question = "帮我写一篇关于冬天雪景的长文";
        const string unit = "退货政策说明😀"; // 22 UTF-8 bytes: six ideographs, then a 4-byte emoji (a surrogate pair)
        var firstAnswer = SampleFaq.AnswerOf("什么时候发货");
        var secondAnswer = SampleFaq.AnswerOf("运费怎么算");
        var room = MaxReplyBytes - Encoding.UTF8.GetByteCount(Replies.ContinueTail);

        // A lead of k ideographs (3 bytes each) makes the room end 2 bytes into an emoji, so that a cut by bytes or
        // by UTF-16 units would split the pair.
        var k = Enumerable.Range(0, 22).First(i => (room - (3 * i)) % 22 == 20);
        var lead = new string('亲', k);
        var late = lead + string.Concat(Enumerable.Repeat(unit, 137));
        var sentFirst = lead + string.Concat(Enumerable.Repeat(unit, (room - (3 * k)) / 22)) + "退货政策说明";
        Assert.True(Encoding.UTF8.GetByteCount(late) > 3000);

        var push = Pushes.Text(question);
        await LateQueueAsync(grain, push, fixture.Chat.Hold(question), late, ct);

        var next = Pushes.Text("什么时候发货");
        await grain.RecordInboundAsync(next);
        var nextReply = await grain.ClaimPassiveReplyAsync(next.DedupId);
        var afterNext = Status(await grain.GetSnapshotAsync(), push.DedupId);

        var third = Pushes.Text("运费怎么算");
        await grain.RecordInboundAsync(third);
        var thirdReply = await grain.ClaimPassiveReplyAsync(third.DedupId);
        var snapshot = await grain.GetSnapshotAsync();

        // Compared escaped: a failure message that splits a surrogate pair would be dropped by the runner.
        Assert.Equal(Printable.Escape(sentFirst + Replies.ContinueTail), Printable.Escape(nextReply.Text));
        Assert.Equal(MaxReplyBytes - 2, Encoding.UTF8.GetByteCount(nextReply.Text!));
        Assert.Equal(MessageStatus.LateQueued, afterNext);
        Assert.Equal(
            Printable.Escape(late[sentFirst.Length..] + Replies.LateAnswerSeparator + firstAnswer + Replies.LateAnswerSeparator + secondAnswer),
            Printable.Escape(thirdReply.Text));
        Assert.Equal(
            [
                (push.DedupId, MessageStatus.LateDelivered, DeliveryState.Delivered),
                (next.DedupId, MessageStatus.Delivered, DeliveryState.Delivered),
                (third.DedupId, MessageStatus.Delivered, DeliveryState.Delivered),
            ],
            snapshot.Messages.Select(m => (m.DedupId, m.Status, m.Delivery)));
    }

    [Fact]
    public async Task PassiveTimeline_AnswerReadyWithinTheBudget_IsTheReply()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        const string question = "请用一句话介绍一下长城的历史";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        var outcome = await grain.RecordInboundAsync(push);
        await held.Called;
        fixture.Time.ResetTimerSignals();
        var wait = grain.WaitForAnswerAsync(push.DedupId, outcome.ReceivedAt + Budget, ct);
        await fixture.Time.WaitForTimerAsync();
        held.Release("可以机洗，请选择轻柔模式。");

        Assert.True(await wait);
        Assert.Equal("可以机洗，请选择轻柔模式。", (await grain.ClaimPassiveReplyAsync(push.DedupId)).Text);
    }

    [Fact]
    public async Task PassiveTimeline_FirstAttemptLost_DeliveryNineSecondsLaterIsTreatedAsTheLast()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        const string question = "给我讲讲量子计算的基本原理";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        var first = await grain.RecordInboundAsync(push);
        await held.Called;
        Assert.Equal(PassiveReplyKind.Hold, (await AttemptAsync(grain, push, first, ct)).Kind);

        // The second delivery never arrived; the third comes about 10 s after the first.
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var late = await grain.RecordInboundAsync(push);
        var reply = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.Equal(2, late.Attempt);
        Assert.Equal(Replies.StillWorking, reply.Text);
        held.Release("可以分开发货。");
    }

    // Attempts 1 and 2 are held, the 3rd gets "still working", then the model answers: the answer is late-queued.
    // A held answer older than HeldReplyMaxAgeHours is dropped as expired, never sent days later out of context.
    [Fact]
    public async Task ClaimPassiveReply_LateAnswerHeldLongerThanItsMaxAge_ExpiresAndIsNotSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        const string question = "帮我写一段店铺简介";
        var push = Pushes.Text(question);
        await LateQueueAsync(grain, push, fixture.Chat.Hold(question), "迟到太久的回答", ct);
        fixture.Time.Advance(ConversationClusterFixture.PassiveWithoutTransfer.HeldReplyMaxAge);

        var next = Pushes.Text("什么时候发货");
        var reply = (await grain.RecordInboundAsync(next)).Reply;

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("什么时候发货")), reply);
        var late = (await grain.GetSnapshotAsync()).Messages.Single(m => m.DedupId == push.DedupId);
        Assert.Equal(DeliveryState.Expired, late.Delivery);
    }

    // A held page goes out only with a reply the user waits for (a message, a follow, a menu click, a scan): a system
    // event (template receipt, human-session event, location report, menu link, unknown type) gets "success" and the
    // held answer stays for the user's next message.
    [Theory]
    [InlineData(InboundKind.DeliveryReceipt)]
    [InlineData(InboundKind.HumanSessionClosed)]
    [InlineData(InboundKind.LocationReport)]
    [InlineData(InboundKind.MenuView)]
    [InlineData(InboundKind.Unknown)]
    public async Task RecordInbound_SystemEventWhileAnAnswerIsHeld_AcknowledgesAndKeepsItForTheNextMessage(InboundKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.NewConversation();
        var question = $"帮我写一句店铺标语（{kind}）";
        var push = Pushes.Text(question);
        await LateQueueAsync(grain, push, fixture.Chat.Hold(question), "好物不贵，用心服务。", ct);

        var systemEvent = await grain.RecordInboundAsync(Pushes.Of(kind));
        var next = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReply.Acknowledge, systemEvent.Reply);
        Assert.Equal(PassiveReply.WithText("好物不贵，用心服务。" + Replies.LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货")), next.Reply);
    }

    private async Task LateQueueAsync(IConversationGrain grain, InboundMessage push, ScriptedChatClient.HeldAnswer held, string answer, CancellationToken ct)
    {
        var first = await grain.RecordInboundAsync(push);
        await held.Called;
        Assert.Equal(PassiveReplyKind.Hold, (await AttemptAsync(grain, push, first, ct)).Kind);
        fixture.Time.Advance(RetryGap);
        var second = await grain.RecordInboundAsync(push);
        Assert.Equal(PassiveReplyKind.Hold, (await AttemptAsync(grain, push, second, ct)).Kind);
        fixture.Time.Advance(RetryGap);
        var third = await grain.RecordInboundAsync(push);
        Assert.Equal(Replies.StillWorking, (await AttemptAsync(grain, push, third, ct)).Text);
        held.Release(answer);
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(1), ct));
        Assert.Equal(MessageStatus.LateQueued, Status(await grain.GetSnapshotAsync(), push.DedupId));
    }

    // One delivery as the ingress makes it: wait for the answer until the budget runs out, then claim.
    private async Task<PassiveReply> AttemptAsync(IConversationGrain grain, InboundMessage push, RecordOutcome outcome, CancellationToken ct)
    {
        fixture.Time.ResetTimerSignals();
        var wait = grain.WaitForAnswerAsync(push.DedupId, outcome.ReceivedAt + Budget, ct);
        await fixture.Time.WaitForTimerAsync();
        fixture.Time.Advance(Budget);
        Assert.False(await wait);
        return await grain.ClaimPassiveReplyAsync(push.DedupId);
    }

    private static MessageStatus Status(ConversationSnapshot snapshot, string dedupId) =>
        snapshot.Messages.Single(m => m.DedupId == dedupId).Status;
}
