using System.Text;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Simulator.WeChat.Api;
using CustomerService.Tests.Shared;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>The platform's refusals each do what the error table says, and the counts keep up.</summary>
[Collection(PushDeliveryCollection.Name)]
public sealed class DeliveryRulesTests(PushDeliveryFixture fixture)
{
    private static readonly ReplyTextOptions Replies = new();

    [Fact]
    public async Task Outbox_PermissionWithdrawn_SwitchesTheAccountToPassiveAndPagesTheHeldReplyWithTheNextMessage()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.RevokedAccount);

        var first = await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        var account = await AccountAsync(key);
        var next = Pushes.Text("什么时候发货");
        var passive = await fixture.UserWritesAsync(grain, key, next);

        Assert.Equal(PassiveReplyKind.Acknowledge, first.Reply?.Kind);
        Assert.Equal((AccountCapability.PassiveOnly, 48001), (account.Capability, account.LastErrorCode));
        Assert.Equal(
            PassiveReply.WithText(SampleFaq.AnswerOf("运费怎么算") + Replies.LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货")),
            passive.Reply);
        Assert.All((await grain.GetSnapshotAsync()).Messages, m => Assert.Equal(DeliveryState.Delivered, m.Delivery));
        Assert.Empty(fixture.SentTo(key));
    }

    // The push path owned the reply when it arrived; the account lost the permission while the model ran (the typing
    // call at receipt got 48001). The answer, once generated, is held for the passive path, never left pending.
    [Fact]
    public async Task Outbox_AccountTurnsPassiveWhileAPushOwnedAnswerIsGenerated_HoldsItAndPagesItWithTheNextMessage()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.WithdrawnAccount);
        const string question = "请比较一下三种套餐的区别";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        var first = await fixture.UserWritesAsync(grain, key, push);
        await model.Called;
        await fixture.WaitForCapabilityAsync(key.Account, AccountCapability.PassiveOnly);

        model.Release("套餐A最便宜。");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.UtcNow.AddSeconds(30), TestContext.Current.CancellationToken));
        var held = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.DedupId == push.DedupId && m.Delivery == DeliveryState.Held, "held");
        var next = await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReplyKind.Acknowledge, first.Reply?.Kind);
        Assert.True(held.Pushed);
        Assert.Equal(PassiveReply.WithText("套餐A最便宜。" + Replies.LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货")), next.Reply);
        Assert.All((await grain.GetSnapshotAsync()).Messages, m => Assert.Equal(DeliveryState.Delivered, m.Delivery));
        Assert.Empty(fixture.SentTo(key));
    }

    // The refusal that made the account passive stays its reason; a later error of another kind is only the last error.
    [Fact]
    public async Task AccountDelivery_LaterErrorAfterARefusal_KeepsTheRefusalAsTheReason()
    {
        var account = fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>($"wechat|refused{Guid.NewGuid():N}");
        await account.ReportPassiveOnlyAsync("fingerprint", 48001, "api unauthorized");

        await account.ReportErrorAsync(40003, "invalid openid");
        await account.ReportPausedAsync(DateTimeOffset.UtcNow.AddMinutes(1), 45011, "api minute-quota reach limit");
        var view = await account.GetStatusAsync();

        Assert.Equal(
            (AccountCapability.PassiveOnly, 48001, "api unauthorized", 45011),
            (view.Capability, view.RefusalCode, view.Refusal, view.LastErrorCode));
    }

    [Fact]
    public async Task Outbox_ApiMinuteQuotaSpent_PausesTheAccountThenResumesOnItsOwn()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45011, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("能开发票吗"));
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        await fixture.WaitForSentAsync(key, 1);

        Assert.StartsWith("paused", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Equal([SampleFaq.AnswerOf("能开发票吗")], fixture.SentTo(key));
    }

    // No token can be had for longer than the reply's send attempts last (5 at the 1 s reminder period here): the
    // request never left, the outage is the account's, so the reply is held, not failed, and goes once it ends.
    [Fact]
    public async Task Outbox_AccessTokenUnavailableLongerThanTheSendAttempts_HoldsTheReplyAndSendsItAfterwards()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.OutageAccount);
        var maxAttempts = new OutboxOptions().MaxSendAttempts;
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.StableToken, 503, count: maxAttempts + 2));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        await fixture.WaitForSentAsync(key, 1);
        var delivered = await WaitAsync(grain, m => m.Delivery is DeliveryState.Delivered or DeliveryState.Failed);

        Assert.StartsWith("waiting", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Delivered, delivered.Delivery);
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算")], fixture.SentTo(key));
        Assert.True(fixture.WeChat.TokenCallsFor(key.Account).Normal > maxAttempts);
    }

    // The token grain call itself fails (an Orleans timeout, a silo gone) before anything is sent: an outage of the
    // account, like a token endpoint that is down. The reply is held and goes on a later tick, once, never in doubt.
    [Fact]
    public async Task Outbox_TokenGrainCallFails_HoldsTheReplyAndSendsItOnceWithoutFlaggingIt()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.TokenGrainAccount);
        var refused = fixture.Gate.Fail(nameof(IAccessTokenGrain.GetTokenAsync), AccountKey.WeChat(key.Account).ToString());

        await fixture.UserWritesAsync(grain, key, Pushes.Text("门店地址在哪"));
        await refused.Entered.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await fixture.WaitForSentAsync(key, 1);
        var delivered = await WaitAsync(grain, m => m.Delivery is DeliveryState.Delivered or DeliveryState.Failed);

        Assert.Equal((DeliveryState.Delivered, false), (delivered.Delivery, delivered.PossiblyDuplicated));
        Assert.Equal([SampleFaq.AnswerOf("门店地址在哪")], fixture.SentTo(key));
    }

    // WeChat counts each API's calls on its own: the typing indicator's daily quota (45009 on custom/typing) says
    // nothing about custom/send. The account is not paused, and the pushed answer goes out as soon as it is ready.
    [Fact]
    public async Task Typing_IndicatorOverItsDailyQuota_DoesNotPauseTheAccountAndTheAnswerIsPushedAtOnce()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.TypingQuotaAccount);
        const string question = "帮我写一句关于冬天的短句";
        var model = fixture.Chat.Hold(question);
        var typingRefused = FaultAppliedAsync(FakeWeChatEndpoint.Typing, key.User);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Typing, 45009, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        await typingRefused;
        model.Release("冬天来了，春天还会远吗？");
        await fixture.WaitForSentAsync(key, 1);
        var delivered = await WaitAsync(grain, m => m.Delivery is DeliveryState.Delivered or DeliveryState.Failed);
        var account = await AccountAsync(key);

        Assert.Equal(["冬天来了，春天还会远吗？"], fixture.SentTo(key));
        Assert.Equal((DeliveryState.Delivered, null), (delivered.Delivery, delivered.DeliveryReason));
        Assert.Equal((null, null), (account.PausedUntil, account.LastErrorCode));
    }

    [Fact]
    public async Task Outbox_PlatformSaysTooLong_SplitsSmallerOnceAndDeliversEverything()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "请用一千字介绍你们的品牌故事";
        var answer = PushDeliveryTests.LongAnswer(1_800);
        var model = fixture.Chat.Hold(question);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45002, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        model.Release(answer);
        await WaitAsync(grain, m => m.Delivery == DeliveryState.Delivered);

        var sent = fixture.SentTo(key);
        Assert.True(sent.Count >= 2, $"expected a smaller split, got {sent.Count} part(s)");
        Assert.All(sent, part => Assert.True(Encoding.UTF8.GetByteCount(part) <= 1024));
        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(sent)));
    }

    [Fact]
    public async Task Outbox_UserUnsubscribesWhileAReplyIsHeld_DropsItAsExpired()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45015, openId: key.User));
        await fixture.UserWritesAsync(grain, key, Pushes.Text("怎么换货"));
        await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);

        await grain.RecordInboundAsync(Pushes.Of(InboundKind.Unsubscribe));
        await fixture.UserWritesAsync(grain, key, Pushes.Text("怎么查询订单"));
        await fixture.WaitForSentAsync(key, 1);

        var messages = (await grain.GetSnapshotAsync()).Messages;
        Assert.Equal(DeliveryState.Expired, messages[0].Delivery);
        Assert.Equal("unsubscribed", messages[0].DeliveryReason);
        Assert.Equal([SampleFaq.AnswerOf("怎么查询订单")], fixture.SentTo(key));
    }

    // Held (outside the window) and the user never writes again: it expires when its age passes, not at a next
    // message that may never come, and the counts show it.
    [Fact]
    public async Task Outbox_HeldReplyReachesItsMaxAge_ExpiresWithoutAnotherMessage()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.ShortHeldAccount);
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45015, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("怎么换货"));
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        var expired = await WaitAsync(grain, m => m.Delivery == DeliveryState.Expired);
        var counts = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Expired == before.Expired + 1);

        Assert.Contains("45015", held.DeliveryReason, StringComparison.Ordinal);
        Assert.StartsWith("held longer than", expired.DeliveryReason, StringComparison.Ordinal);
        Assert.Equal(before with { Generated = before.Generated + 1, Expired = before.Expired + 1 }, counts);
        Assert.Empty(fixture.SentTo(key));
    }

    // The user unfollows while the model still works on the answer: it is dropped when it comes, never sent.
    [Fact]
    public async Task Outbox_UserUnsubscribesWhileTheAnswerIsGenerated_DropsItAsExpired()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "帮我写一段关于秋天的散文";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        await fixture.UserWritesAsync(grain, key, push);
        await model.Called;

        await grain.RecordInboundAsync(Pushes.Of(InboundKind.Unsubscribe));
        model.Release("秋天是收获的季节。");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.UtcNow.AddSeconds(30), TestContext.Current.CancellationToken));

        var answered = (await grain.GetSnapshotAsync()).Messages.Single(m => m.DedupId == push.DedupId);
        Assert.Equal((DeliveryState.Expired, "unsubscribed"), (answered.Delivery, answered.DeliveryReason));
        Assert.Empty(fixture.SentTo(key));
    }

    // −1 (system busy) never left the platform: retried with back-off within the send, delivered once.
    [Fact]
    public async Task Outbox_PlatformBusyOnce_RetriesAndDeliversOnce()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, -1, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("支持哪些支付方式"));
        var delivered = await WaitAsync(grain, m => m.Delivery is DeliveryState.Delivered or DeliveryState.Failed);

        Assert.Equal((DeliveryState.Delivered, null), (delivered.Delivery, delivered.DeliveryReason));
        Assert.Equal([SampleFaq.AnswerOf("支持哪些支付方式")], fixture.SentTo(key));
    }

    // 45009: the account's daily API quota is spent: sending pauses until Beijing midnight and the reply is held for
    // it (never dropped, never failed).
    [Fact]
    public async Task Outbox_ApiDailyQuotaSpent_PausesTheAccountUntilBeijingMidnightAndHoldsTheReply()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.DailyQuotaAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45009, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("能开发票吗"));
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        var account = await AccountAsync(key);

        Assert.StartsWith("paused", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Contains("45009", held.DeliveryReason, StringComparison.Ordinal);
        var resume = Assert.NotNull(account.PausedUntil).ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(TimeSpan.Zero, resume.TimeOfDay);
        Assert.InRange(resume - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Empty(fixture.SentTo(key));
    }

    // The platform is down for one account (503, the request never left): after repeated failures its breaker opens.
    // The reply is held, not failed; another account's sends are untouched.
    [Fact]
    public async Task Outbox_BreakerOpensForOneAccount_HoldsItsReplyAndOtherAccountsStillSend()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.BreakerAccount);
        var (otherGrain, other) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.Send, 503, count: 10, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("怎么查询订单"));
        var held = await WaitAsync(grain, m => m.Delivery is DeliveryState.Held or DeliveryState.Failed);
        await fixture.UserWritesAsync(otherGrain, other, Pushes.Text("怎么查询订单"));
        await fixture.WaitForSentAsync(other, 1);

        Assert.Equal(DeliveryState.Held, held.Delivery);
        Assert.Contains("circuit open", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Empty(fixture.SentTo(key));
        Assert.Equal([SampleFaq.AnswerOf("怎么查询订单")], fixture.SentTo(other));
    }

    // 45015 (outside the 48 h window): held, and sent in front of the answer to the user's next message.
    [Fact]
    public async Task Outbox_OutsideTheWindow_HoldsTheReplyAndSendsItInFrontOfTheNextAnswer()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45015, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        await fixture.WaitForSentAsync(key, 2);

        Assert.StartsWith("window", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算"), SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
    }

    // 45047 on the second part of a three-part answer: the first part is out, the rest is held and goes, whole and
    // once, in front of the answer to the user's next message.
    [Fact]
    public async Task Outbox_QuotaSpentInTheMiddleOfALongAnswer_HoldsTheRestAndSendsItWithTheNextMessage()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        const string question = "请详细介绍一下你们的会员权益";
        var answer = PushDeliveryTests.LongAnswer(5_000);
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45047, openId: key.User) with { Skip = 1 });

        await fixture.UserWritesAsync(grain, key, push);
        model.Release(answer);
        var held = await WaitAsync(grain, m => m.Delivery == DeliveryState.Held);
        var beforeNext = fixture.SentTo(key);
        var next = Pushes.Text("什么时候发货");
        await fixture.UserWritesAsync(grain, key, next);
        await WaitAsync(grain, m => m.DedupId == next.DedupId && m.Delivery == DeliveryState.Delivered);

        var sent = fixture.SentTo(key);
        Assert.Contains("45047", held.DeliveryReason, StringComparison.Ordinal);
        Assert.Single(beforeNext);
        Assert.Equal(SampleFaq.AnswerOf("什么时候发货"), sent[^1]);
        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(sent.Take(sent.Count - 1))));
    }

    // A setting that decides the capability changed (ReplyMode or AppSecret): what was learnt before is checked again.
    [Fact]
    public async Task AccountDelivery_SettingsChangeAfterARefusal_ChecksTheCapabilityAgain()
    {
        var account = fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>($"wechat|settings{Guid.NewGuid():N}");
        await account.ReportPassiveOnlyAsync("settings-before", 48001, "api unauthorized");

        var unchanged = await account.GetAsync("settings-before");
        var changed = await account.GetAsync("settings-after");

        Assert.Equal(AccountCapability.PassiveOnly, unchanged.Capability);
        Assert.Equal((AccountCapability.Unknown, null), (changed.Capability, changed.RefusalCode));
    }

    [Fact]
    public async Task DeliveryCounts_AfterDeliveriesAndFailures_GeneratedIsTheSumOfTheStates()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        fixture.WeChat.SetUserOptedOut(key.Account, key.User);
        await fixture.UserWritesAsync(grain, key, Pushes.Text("门店地址在哪"));
        await WaitAsync(grain, m => m.Delivery == DeliveryState.Failed);
        fixture.WeChat.SetUserOptedOut(key.Account, key.User, optedOut: false);
        await fixture.UserWritesAsync(grain, key, Pushes.Text("尺码怎么选"));
        await fixture.WaitForSentAsync(key, 1);

        var after = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Generated >= before.Generated + 2 && c.Failed >= before.Failed + 1);

        Assert.Equal(after.Generated, after.Pending + after.Delivered + after.Held + after.InDoubt + after.Failed + after.Expired);
    }

    [Fact]
    public async Task DeliveryCounts_SameReportTwice_CountsOnce()
    {
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>($"wechat|counts{Guid.NewGuid():N}");
        DeliveryReport[] delivered = [new DeliveryReport { ReplyId = "r1", State = DeliveryState.Pending }, new DeliveryReport { ReplyId = "r1", State = DeliveryState.Delivered }];

        await stats.ReportAsync(delivered);
        await stats.ReportAsync(delivered);
        await stats.ReportAsync([new DeliveryReport { ReplyId = "r2", State = DeliveryState.Held }]);
        await stats.ReportAsync([new DeliveryReport { ReplyId = "r2", State = DeliveryState.Held }]);

        Assert.Equal(
            new DeliveryCounts { Generated = 2, Delivered = 1, Held = 1 },
            await stats.GetCountsAsync());
    }

    // Two thousand other replies finished since: the repeat is still known by the state it moves from.
    [Fact]
    public async Task DeliveryCounts_FinalReportRepeatedLongAfter_CountsOnce()
    {
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>($"wechat|counts{Guid.NewGuid():N}");
        await stats.ReportAsync([new DeliveryReport { ReplyId = "r1", State = DeliveryState.Pending }]);
        var delivered = new DeliveryReport { ReplyId = "r1", State = DeliveryState.Delivered, Previous = DeliveryState.Pending };
        await stats.ReportAsync([delivered]);
        await stats.ReportAsync([.. Enumerable.Range(0, 2_500).Select(i => new DeliveryReport { ReplyId = $"other{i}", State = DeliveryState.Delivered })]);

        await stats.ReportAsync([delivered]);

        Assert.Equal(new DeliveryCounts { Generated = 2_501, Delivered = 2_501 }, await stats.GetCountsAsync());
    }

    // The counts are updated in the turn that changes the ledger; a report that fails is made again by the outbox
    // reminder, which the conversation keeps while a change is unconfirmed.
    [Fact]
    public async Task DeliveryCounts_ReportFailsInTheTurn_TheReminderReportsItAgain()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PassiveAccount);
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        var refused = fixture.Gate.Fail(nameof(IDeliveryStatsGrain.ReportAsync));

        var reply = await fixture.UserWritesAsync(grain, key, Pushes.Text("门店地址在哪"));
        await refused.Entered;
        var after = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Delivered == before.Delivered + 1);

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("门店地址在哪")), reply.Reply);
        Assert.Equal(before with { Generated = before.Generated + 1, Delivered = before.Delivered + 1 }, after);
    }

    // The counts grain does not answer (held open here): the passive reply still goes out within WeChat's window, and
    // the counts catch up once they answer, counting the reply once.
    [Fact]
    public async Task DeliveryCounts_CountsDoNotAnswer_ThePassiveReplyDoesNotWaitForThem()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PassiveAccount);
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        var held = fixture.Gate.Hold(nameof(IDeliveryStatsGrain.ReportAsync));

        var reply = await fixture.UserWritesAsync(grain, key, Pushes.Text("支持哪些支付方式"));
        await held.Entered;
        held.Open();
        var after = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Delivered == before.Delivered + 1);

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("支持哪些支付方式")), reply.Reply);
        Assert.Equal(before with { Generated = before.Generated + 1, Delivered = before.Delivered + 1 }, after);
    }

    // Completes once the fake has answered a call to the user with an injected fault (a faulted call is in no list).
    private async Task FaultAppliedAsync(FakeWeChatEndpoint endpoint, string openId)
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(object? sender, FakeWeChatFault fault)
        {
            if (fault.Endpoint == endpoint && fault.OpenId == openId)
            {
                applied.TrySetResult();
            }
        }

        fixture.WeChat.FaultApplied += OnApplied;
        try
        {
            await applied.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        finally
        {
            fixture.WeChat.FaultApplied -= OnApplied;
        }
    }

    private async Task<AccountDeliveryView> AccountAsync(ConversationKey key) =>
        await fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>(AccountKey.Of(key).ToString()).GetStatusAsync();

    private static async Task<MessageView> WaitAsync(IConversationGrain grain, Func<MessageView, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await grain.GetSnapshotAsync()).Messages.FirstOrDefault(condition) is { } match)
            {
                return match;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No recorded push reached the expected state within 30 s.");
    }
}
