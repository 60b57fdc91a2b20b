using System.Globalization;
using System.Text;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Simulator.WeChat.Api;
using CustomerService.Tests.Shared;

namespace CustomerService.Grains.Tests.Delivery;

[Collection(PushDeliveryCollection.Name)]
public sealed class PushDeliveryTests(PushDeliveryFixture fixture)
{
    private static readonly ReplyTextOptions Replies = new();

    [Fact]
    public async Task RecordInbound_PushModeFaqQuestion_AcknowledgesAtOnceAndPushesTheAnswer()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);

        var outcome = await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        await WaitForDeliveryAsync(grain, DeliveryState.Delivered);

        Assert.Equal((true, PassiveReplyKind.Acknowledge), (outcome.AnswerReady, outcome.Reply?.Kind));
        Assert.Equal([SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
        Assert.True(Assert.Single((await grain.GetSnapshotAsync()).Messages).Pushed);
    }

    [Fact]
    public async Task RecordInbound_LongAnswerWithEmojiAtTheEdges_ArrivesInAtMostThreeWholeMessagesInOrder()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "请详细介绍一下你们所有的售后政策";
        var answer = EdgeAnswer();
        Assert.InRange(Encoding.UTF8.GetByteCount(answer), 5_000, 5_100);
        var held = fixture.Chat.Hold(question);

        await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        held.Release(answer);
        await WaitForDeliveryAsync(grain, DeliveryState.Delivered);

        var sent = fixture.SentTo(key);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, part => Assert.InRange(Encoding.UTF8.GetByteCount(part), 1, 2048));
        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(sent)));
        Assert.Equal(TextElements(answer).Select(Printable.Escape), sent.SelectMany(TextElements).Select(Printable.Escape));
        AssertCutsFallInsideClusters(answer, sent);
    }

    [Fact]
    public async Task Outbox_AnswerLongerThanTheQuota_EndsTheLastMessageWithTheTailAndAContinueGetsTheRestWithoutTheModel()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "写一篇介绍西湖十景的长文";
        var answer = LongAnswer(12_000);
        var held = fixture.Chat.Hold(question);

        await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        held.Release(answer);
        await WaitForDeliveryAsync(grain, DeliveryState.Held);
        var first = fixture.SentTo(key);

        var outcome = await fixture.UserWritesAsync(grain, key, Pushes.Text("继续"));
        await WaitForDeliveryAsync(grain, DeliveryState.Delivered);
        var all = fixture.SentTo(key);

        Assert.Equal(5, first.Count);
        Assert.EndsWith(Replies.ContinueTail, first[^1], StringComparison.Ordinal);
        Assert.All(all, part => Assert.InRange(Encoding.UTF8.GetByteCount(part), 1, 2048));
        Assert.Equal(PassiveReplyKind.Acknowledge, outcome.Reply?.Kind);
        Assert.Equal(0, fixture.Chat.CallsFor("继续"));
        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(all).Replace(Replies.ContinueTail, string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Outbox_PlatformSaysQuotaSpent_HoldsTheReplyAndSendsItInFrontOfTheNextAnswer()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45047, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        await WaitForDeliveryAsync(grain, DeliveryState.Held);
        var whileHeld = fixture.SentTo(key);
        var heldReason = (await grain.GetSnapshotAsync()).Messages[0].DeliveryReason;
        await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        await fixture.WaitForSentAsync(key, 2);

        Assert.Empty(whileHeld);
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算"), SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
        Assert.Contains("45047", heldReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_UserTurnedMessagesOff_FailsOnlyThatUsersReply()
    {
        var (blockedGrain, blocked) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        var (otherGrain, other) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.SetUserOptedOut(blocked.Account, blocked.User);

        await fixture.UserWritesAsync(blockedGrain, blocked, Pushes.Text("什么时候发货"));
        await fixture.UserWritesAsync(otherGrain, other, Pushes.Text("什么时候发货"));
        await WaitForDeliveryAsync(blockedGrain, DeliveryState.Failed);
        await fixture.WaitForSentAsync(other, 1);

        var failed = Assert.Single((await blockedGrain.GetSnapshotAsync()).Messages);
        Assert.Contains("48002", failed.DeliveryReason, StringComparison.Ordinal);
        Assert.Equal([SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(other));
        var account = await fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, blocked.Account).ToString()).GetStatusAsync();
        Assert.NotEqual(AccountCapability.PassiveOnly, account.Capability);
    }

    [Fact]
    public async Task RecordInbound_WeChatRetryAfterThePushAck_DeliversExactlyOnce()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "帮我写一首关于春天的诗";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        var first = await fixture.UserWritesAsync(grain, key, push);
        var retry = await grain.RecordInboundAsync(push);
        held.Release("春风又绿江南岸。");
        await WaitForDeliveryAsync(grain, DeliveryState.Delivered);
        var third = await grain.RecordInboundAsync(push);

        Assert.All([first, retry, third], o => Assert.Equal(PassiveReplyKind.Acknowledge, o.Reply?.Kind));
        Assert.Equal(["春风又绿江南岸。"], fixture.SentTo(key));
        Assert.Equal(1, fixture.Chat.CallsFor(question));
    }

    [Fact]
    public async Task RecordInbound_SecondMessageDuringGeneration_BothAnsweredInOrderWithTheFirstInTheSecondsHistory()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string first = "推荐一款适合送长辈的茶叶";
        const string second = "那价格大概多少";
        var heldFirst = fixture.Chat.Hold(first);
        var heldSecond = fixture.Chat.Hold(second);

        await fixture.UserWritesAsync(grain, key, Pushes.Text(first));
        await fixture.UserWritesAsync(grain, key, Pushes.Text(second));
        heldFirst.Release("推荐西湖龙井。");
        await heldSecond.Called;
        heldSecond.Release("两百元左右。");
        await fixture.WaitForSentAsync(key, 2);

        Assert.Equal(["推荐西湖龙井。", "两百元左右。"], fixture.SentTo(key));
        var secondCall = fixture.Chat.Calls.Single(c => c[^1].Text == second);
        Assert.Contains(secondCall, m => m.Text == "推荐西湖龙井。");
    }

    [Fact]
    public async Task RecordInbound_AutoAccountWithoutThePermission_KeepsThePassiveTimeline()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.UnverifiedAccount);
        const string question = "帮我规划一条去杭州的三日游路线";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        var outcome = await fixture.UserWritesAsync(grain, key, push);
        await held.Called;
        await WaitForCapabilityAsync(key.Account, AccountCapability.PassiveOnly);
        var claim = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.False(outcome.AnswerReady);
        Assert.Equal(PassiveReplyKind.Hold, claim.Kind);
        Assert.Empty(fixture.SentTo(key));
        held.Release("早九点到晚九点。");
    }

    [Fact]
    public async Task ClaimPassiveReply_CapableAutoAccountAnswerNotReadyInTime_PushesItWhenReady()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.AutoAccount);
        const string question = "帮我对比一下这两款耳机的音质";
        var held = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);

        await fixture.UserWritesAsync(grain, key, push);
        await WaitForCapabilityAsync(key.Account, AccountCapability.CanPush);
        var claim = await grain.ClaimPassiveReplyAsync(push.DedupId);
        held.Release("A 款低频更足，B 款人声更清晰。");
        await fixture.WaitForSentAsync(key, 1);
        var retry = await grain.RecordInboundAsync(push);

        Assert.Equal(PassiveReplyKind.Acknowledge, claim.Kind);
        Assert.Equal(PassiveReplyKind.Acknowledge, retry.Reply?.Kind);
        Assert.Equal(["A 款低频更足，B 款人声更清晰。"], fixture.SentTo(key));
    }

    // Chinese sentences with emoji, ZWJ families, flags and skin tones spread through, so that some land where a
    // byte cut would fall.
    internal static string LongAnswer(int bytes)
    {
        string[] pieces = ["我们支持七天无理由退货，", "👨‍👩‍👧‍👦", "请保留完整包装。", "🇨🇳", "运费由我们承担", "👍🏽", "，退款三个工作日内到账！", "1️⃣", "\n"];
        var text = new StringBuilder();
        for (var i = 0; Encoding.UTF8.GetByteCount(text.ToString()) < bytes; i++)
        {
            text.Append(pieces[i % pieces.Length]);
        }

        return text.ToString();
    }

    // The shared about-5,000-byte text whose cuts must fall inside the emoji (tests/Shared/EdgeClusterText.cs).
    private static string EdgeAnswer() => EdgeClusterText.Build(
        "我们支持七天无理由退货请保留完整包装运费由我们承担退款三个工作日内到账",
        ["👨‍👩‍👧‍👦", "🇨🇳", "👍🏽", "1️⃣", "❤️"]);

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }

    /// <summary>Every cut is a text-element boundary with a multi-code-unit cluster (an emoji) on both sides.</summary>
    private static void AssertCutsFallInsideClusters(string text, IReadOnlyList<string> parts)
    {
        var starts = StringInfo.ParseCombiningCharacters(text);
        var offset = 0;
        foreach (var part in parts.Take(parts.Count - 1))
        {
            offset += part.Length;
            var index = Array.IndexOf(starts, offset);
            Assert.True(index > 0, $"The cut at {offset} is inside a text element.");
            Assert.True(offset - starts[index - 1] > 1, $"The cut at {offset} is not preceded by an emoji.");
            Assert.True(StringInfo.GetNextTextElementLength(text, offset) > 1, $"The cut at {offset} is not followed by an emoji.");
        }
    }

    private static async Task WaitForDeliveryAsync(IConversationGrain grain, DeliveryState state, string? dedupId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var messages = (await grain.GetSnapshotAsync()).Messages;
            if (messages.Any(m => (dedupId is null || m.DedupId == dedupId) && m.Delivery == state))
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No reply reached {state} within 30 s.");
    }

    private async Task WaitForCapabilityAsync(string account, AccountCapability capability)
    {
        var grain = fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, account).ToString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await grain.GetStatusAsync()).Capability == capability)
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Account {account} did not reach {capability} within 30 s.");
    }
}
