using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// One conversation's replies go out in the order of the messages they answer, whatever mix of FAQ, model, held and
/// handoff replies it is, and its history follows the same order; an answer still being generated keeps its slot.
/// </summary>
[Collection(PushDeliveryCollection.Name)]
public sealed class DeliveryOrderTests(PushDeliveryFixture fixture)
{
    private static readonly ReplyTextOptions Replies = new();

    [Fact]
    public async Task Outbox_FaqQuestionWhileTheFirstAnswerIsGenerated_SendsAndRecordsItAfterTheFirst()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string first = "推荐一款适合送朋友的礼物";
        var model = fixture.Chat.Hold(first);
        await fixture.UserWritesAsync(grain, key, Pushes.Text(first));
        await model.Called;

        await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        model.Release("推荐茶具。");
        await fixture.WaitForSentAsync(key, 2);

        Assert.Equal(["推荐茶具。", SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
        Assert.Equal(
            [first, "推荐茶具。", "什么时候发货", SampleFaq.AnswerOf("什么时候发货")],
            (await grain.GetSnapshotAsync()).History.Select(t => t.Text));
    }

    [Fact]
    public async Task Outbox_HandoffWhileTheFirstAnswerIsGenerated_PushesTheHandoffTextAfterTheFirstAnswer()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string first = "帮我写一句生日祝福";
        var model = fixture.Chat.Hold(first);
        await fixture.UserWritesAsync(grain, key, Pushes.Text(first));
        await model.Called;

        var handoff = await fixture.UserWritesAsync(grain, key, Pushes.Text("转人工"));
        model.Release("祝你生日快乐！");
        await fixture.WaitForSentAsync(key, 2);

        Assert.Equal(PassiveReplyKind.TransferToHuman, handoff.Reply?.Kind);
        Assert.Equal(["祝你生日快乐！", Replies.Handoff], fixture.SentTo(key));
    }

    // A capable Auto account: the first answer is on the passive path (not yet claimed when the second message
    // comes); the second goes to the push path, and so does the first, so that both go out in order.
    [Fact]
    public async Task RecordInbound_CapableAutoAccountSecondMessageWhileTheFirstIsGenerated_PushesBothInOrder()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.AutoAccount);
        const string first = "这款耳机适合跑步吗";
        var model = fixture.Chat.Hold(first);
        var firstPush = Pushes.Text(first);
        await fixture.UserWritesAsync(grain, key, firstPush);
        await model.Called;
        await fixture.WaitForCapabilityAsync(key.Account, AccountCapability.CanPush);

        var second = await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        var firstClaim = await grain.ClaimPassiveReplyAsync(firstPush.DedupId);
        model.Release("适合，防汗防水。");
        await fixture.WaitForSentAsync(key, 2);

        Assert.Equal(PassiveReplyKind.Acknowledge, second.Reply?.Kind);
        Assert.Equal(PassiveReplyKind.Acknowledge, firstClaim.Kind);
        Assert.Equal(["适合，防汗防水。", SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
    }

    // Five parts of a long answer used the first message's 5; the user writes again (a fresh 5) with a question for
    // the model. The held rest may use 4 of them: the fifth waits for the new answer, which is still being generated.
    [Fact]
    public async Task Outbox_HeldRemainderAndANewQuestionForTheModel_KeepsOneMessageForTheNewAnswer()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string longQuestion = "写一篇介绍江南园林的长文";
        var longModel = fixture.Chat.Hold(longQuestion);
        await fixture.UserWritesAsync(grain, key, Pushes.Text(longQuestion));
        longModel.Release(PushDeliveryTests.LongAnswer(25_000));
        await fixture.WaitForSentAsync(key, 5);
        await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.Delivery == DeliveryState.Held, "the rest held");

        const string question = "那门票多少钱";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        await fixture.UserWritesAsync(grain, key, push);
        await model.Called;
        await fixture.WaitForSentAsync(key, 9);
        model.Release("门票四十元。");
        await fixture.WaitForSentAsync(key, 10);
        var answer = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.DedupId == push.DedupId && m.Delivery is not DeliveryState.Pending, "answered");

        var sent = fixture.SentTo(key);
        Assert.Equal(DeliveryState.Delivered, answer.Delivery);
        Assert.Equal(10, sent.Count);
        Assert.StartsWith("门票四十元。", sent[^1], StringComparison.Ordinal);
    }
}
