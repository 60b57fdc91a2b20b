using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.WeChat;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Silo.Hosting;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// Delivery decisions that hang on time or on an interleaving, on a fake clock for our grains (and a grain-call gate
/// that holds a call open), so that each is exact.
/// </summary>
public sealed class DeliveryTimingTests(DeliveryTimingTests.Fixture fixture) : IClassFixture<DeliveryTimingTests.Fixture>
{
    private static readonly TimeSpan PassiveWindow = TimeSpan.FromSeconds(new PassiveOptions().WindowSeconds);

    // The passive claim of a capable Auto account looks the account up before it decides who owns the reply; an
    // answer generated while it waits for that lookup is decided on as it is when the claim resumes, never left for a
    // reminder tick.
    [Fact]
    public async Task ClaimPassiveReply_AnswerGeneratedWhileTheAccountIsLookedUp_IsTheClaimsReply()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.AutoAccount, $"oRace{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        const string question = "帮我写一句中秋祝福";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        await grain.RecordInboundAsync(push);
        await model.Called;
        await WaitForCapabilityAsync(key.Account, AccountCapability.CanPush);

        // The account view cached by the silo goes stale, so the claim has to ask the account grain: held open there.
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var lookup = fixture.Gate.Hold(nameof(IAccountDeliveryGrain.GetAsync));
        var claim = grain.ClaimPassiveReplyAsync(push.DedupId);
        await lookup.Entered.WaitAsync(TimeSpan.FromSeconds(30), ct);
        model.Release("但愿人长久，千里共婵娟。");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));
        lookup.Open();
        var reply = await claim;

        Assert.Equal(PassiveReply.WithText("但愿人长久，千里共婵娟。"), reply);
        Assert.DoesNotContain(fixture.WeChat.SentMessages, m => m.OpenId == key.User);
    }

    // No delivery claimed the answer, and it came after WeChat's last attempt of the push (a slow model, the ingress's
    // waits given up): on a capable Auto account the outbox pushes it at once, not with a next message that may never come.
    [Fact]
    public async Task Outbox_CapableAutoAccountAnswerGeneratedAfterThePassiveWindowWithNoClaim_PushesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.AutoAccount, $"oLate{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        const string question = "帮我写一句端午祝福";
        const string answer = "粽叶飘香，端午安康。";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        var outcome = await grain.RecordInboundAsync(push);
        await model.Called;
        await WaitForCapabilityAsync(key.Account, AccountCapability.CanPush);

        fixture.Time.Advance(PassiveWindow);
        model.Release(answer);
        await fixture.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == key.User), TimeSpan.FromSeconds(30), ct);
        var delivered = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.Delivery != DeliveryState.Pending, "delivered");
        var retry = await grain.RecordInboundAsync(push);

        Assert.Null(outcome.Reply);
        Assert.Equal([answer], fixture.WeChat.SentMessages.Where(m => m.OpenId == key.User).Select(m => m.Text));
        Assert.Equal((DeliveryState.Delivered, true), (delivered.Delivery, delivered.Pushed));
        Assert.Equal(PassiveReply.Acknowledge, retry.Reply);
    }

    // The same on an account that cannot push: nothing is pushed, and the answer is a late answer, in front of the
    // reply to the user's next message.
    [Fact]
    public async Task RecordInbound_PassiveAccountAnswerGeneratedAfterThePassiveWindowWithNoClaim_GoesInFrontOfTheNextReply()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.PassiveAccount, $"oLate{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        const string question = "帮我写一句重阳祝福";
        const string answer = "九九重阳，福寿安康。";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        await grain.RecordInboundAsync(push);
        await model.Called;

        fixture.Time.Advance(PassiveWindow);
        model.Release(answer);
        var held = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.DedupId == push.DedupId && m.Delivery == DeliveryState.Held, "held");
        var next = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));
        var late = (await grain.GetSnapshotAsync()).Messages.Single(m => m.DedupId == push.DedupId);

        Assert.False(held.Pushed);
        Assert.Equal(PassiveReply.WithText(answer + new ReplyTextOptions().LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货")), next.Reply);
        Assert.Equal((MessageStatus.LateDelivered, DeliveryState.Delivered), (late.Status, late.Delivery));
        Assert.DoesNotContain(fixture.WeChat.SentMessages, m => m.OpenId == key.User);
    }

    // The user asks, the answer is ready but no delivery took it yet, and the user unfollows, then follows again after
    // the push's passive window (and the dedup retention) is over. The unsubscribe dropped the answer at once: the
    // welcome is the welcome alone, nothing is pushed, and the counts keep every reply in exactly one state.
    [Fact]
    public async Task RecordInbound_UnfollowedWhileAPassiveAnswerIsPendingThenFollowedAgain_WelcomeCarriesNoOldAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.UnfollowPassiveAccount, $"oUnfollow{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        const string question = "帮我写一段关于春节的介绍";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        await grain.RecordInboundAsync(push);
        await model.Called;
        model.Release("春节是中国最隆重的传统节日。");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));

        var unfollow = await grain.RecordInboundAsync(Pushes.Of(InboundKind.Unsubscribe));
        var dropped = (await grain.GetSnapshotAsync()).Messages.Single(m => m.DedupId == push.DedupId);
        fixture.Time.Advance(TimeSpan.FromSeconds(new DedupOptions().RetentionSeconds));
        var welcome = await grain.RecordInboundAsync(Pushes.Of(InboundKind.Subscribe));
        var counts = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Generated == before.Generated + 2);

        Assert.Equal(PassiveReply.Acknowledge, unfollow.Reply);
        Assert.Equal(PassiveReply.WithText(new ReplyTextOptions().Welcome), welcome.Reply);
        Assert.Equal((DeliveryState.Expired, "unsubscribed"), (dropped.Delivery, dropped.DeliveryReason));
        Assert.Equal(before with { Generated = before.Generated + 2, Delivered = before.Delivered + 1, Expired = before.Expired + 1 }, counts);
        AssertCountsAddUp(counts);
        Assert.DoesNotContain(fixture.WeChat.SentMessages, m => m.OpenId == key.User);
    }

    // The user unfollows while the model still works on a pushed answer, and follows again before it comes. The
    // answer is still one to a question from before the unsubscribe: it is dropped when it comes, and only the
    // welcome is pushed.
    [Fact]
    public async Task Outbox_UnfollowedAndFollowedAgainWhileTheAnswerIsGenerated_DropsTheAnswerAndPushesOnlyTheWelcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.UnfollowPushAccount, $"oUnfollow{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        const string question = "帮我写一段关于中秋的介绍";
        var model = fixture.Chat.Hold(question);
        var push = Pushes.Text(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        await grain.RecordInboundAsync(push);
        await model.Called;

        await grain.RecordInboundAsync(Pushes.Of(InboundKind.Unsubscribe));
        await grain.RecordInboundAsync(Pushes.Of(InboundKind.Subscribe));
        model.Release("中秋节赏月吃月饼。");
        await fixture.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == key.User), TimeSpan.FromSeconds(30), ct);
        var dropped = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.DedupId == push.DedupId && m.Delivery != DeliveryState.Pending && m.Delivery is not null, "settled");
        var counts = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.Generated == before.Generated + 2 && c.Pending == before.Pending);

        Assert.Equal([new ReplyTextOptions().Welcome], fixture.WeChat.SentMessages.Where(m => m.OpenId == key.User).Select(m => m.Text));
        Assert.Equal((DeliveryState.Expired, "unsubscribed"), (dropped.Delivery, dropped.DeliveryReason));
        Assert.Equal(before with { Generated = before.Generated + 2, Delivered = before.Delivered + 1, Expired = before.Expired + 1 }, counts);
        AssertCountsAddUp(counts);
    }

    // The server's IP is not on the account's whitelist (40164 from the token endpoint): the account answers
    // passively, and once the operator has fixed the whitelist in the MP console it pushes again without a restart:
    // after ConfigurationErrorRetrySeconds the next message tries one normal-mode token call (never a force refresh).
    [Fact]
    public async Task Outbox_IpWhitelistFixedAfterA40164_PushesAgainAfterTheRetryDelayWithoutARestart()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.WhitelistAccount, $"oWhitelist{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.StableToken, 40164));
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        var first = await grain.RecordInboundAsync(Pushes.Text("运费怎么算"));
        await WaitForCapabilityAsync(key.Account, AccountCapability.PassiveOnly);
        var refused = await AccountAsync(key.Account);

        fixture.Time.Advance(TimeSpan.FromSeconds(Fixture.ConfigurationErrorRetrySeconds));
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        var second = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));
        await fixture.WeChat.WaitForSentAsync(all => all.Count(m => m.OpenId == key.User) >= 2, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal((40164, fixture.Time.GetUtcNow()), (refused.RefusalCode, refused.RecheckAt));
        Assert.Equal(PassiveReply.Acknowledge, first.Reply);
        Assert.Equal(PassiveReply.Acknowledge, second.Reply);
        Assert.Equal(
            [SampleFaq.AnswerOf("运费怎么算"), SampleFaq.AnswerOf("什么时候发货")],
            fixture.WeChat.SentMessages.Where(m => m.OpenId == key.User).OrderBy(m => m.Sequence).Select(m => m.Text));
        Assert.Equal(new FakeTokenCallCounts(2, 0), fixture.WeChat.TokenCallsFor(key.Account));
    }

    // The typing indicator while a slow answer is generated: once at receipt, once more after its 15 s (the user's
    // message is still under 30 s old), then never again; the answer itself is pushed as usual.
    [Fact]
    public async Task Typing_SlowAnswer_ShownAtReceiptAndOnceMoreAfterFifteenSeconds()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.TypingAccount, $"oTyping{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        const string question = "帮我写一首关于大海的诗";
        var model = fixture.Chat.Hold(question);
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        fixture.Time.ResetTimerSignals();

        await grain.RecordInboundAsync(Pushes.Text(question));
        await WaitForTypingAsync(key, 1);
        await fixture.Time.WaitForTimerAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(15));
        await WaitForTypingAsync(key, 2);
        model.Release("大海啊，你是蓝色的梦。");
        await fixture.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == key.User), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.All(TypingTo(key), call => Assert.Equal("Typing", call.Command));
        Assert.Equal(2, TypingTo(key).Count);
    }

    // A typing error (45080: no interaction within 30 s) is not the reply's: the ledger never sees it, and the
    // answer goes out as usual.
    [Fact]
    public async Task Typing_PlatformRefusesTheIndicator_StaysOutOfTheLedger()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.TypingAccount, $"oTyping{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        const string question = "帮我写一句关于春天的短句";
        var model = fixture.Chat.Hold(question);
        // The platform saw the user's message a minute ago: sends are allowed, the typing indicator no longer is.
        fixture.WeChat.RecordUserMessage(key.Account, key.User, DateTimeOffset.UtcNow.AddMinutes(-1));

        await grain.RecordInboundAsync(Pushes.Text(question));
        await WaitForTypingAsync(key, 1);
        model.Release("春风十里。");
        await fixture.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == key.User), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var reply = Assert.Single((await grain.GetSnapshotAsync()).Messages);
        while (reply.Delivery == DeliveryState.Pending)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            reply = Assert.Single((await grain.GetSnapshotAsync()).Messages);
        }

        Assert.Equal(45080, Assert.Single(TypingTo(key)).ErrorCode);
        Assert.Equal((DeliveryState.Delivered, null), (reply.Delivery, reply.DeliveryReason));
        Assert.NotEqual(AccountCapability.PassiveOnly, (await AccountAsync(key.Account)).Capability);
    }

    private static void AssertCountsAddUp(DeliveryCounts counts) =>
        Assert.Equal(counts.Generated, counts.Pending + counts.Delivered + counts.Held + counts.InDoubt + counts.Failed + counts.Expired);

    private List<FakeTypingCall> TypingTo(ConversationKey key) => [.. fixture.WeChat.TypingCalls.Where(c => c.OpenId == key.User)];

    private async Task WaitForTypingAsync(ConversationKey key, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (TypingTo(key).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {count} typing calls within 30 s.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private Task<AccountDeliveryView> AccountAsync(string account) =>
        fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, account).ToString()).GetStatusAsync();

    private async Task WaitForCapabilityAsync(string account, AccountCapability capability)
    {
        var grain = fixture.Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, account).ToString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await grain.GetStatusAsync()).Capability != capability)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Account {account} did not reach {capability} within 30 s.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>One silo on a fake clock for our grains, the real WeChat transport and the simulator's fake API.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string AutoAccount = "wxclaimrace00001";

        public const string WhitelistAccount = "wxwhitelist00001";

        public const int ConfigurationErrorRetrySeconds = 5;

        public const string TypingAccount = "wxtyping00000001";

        public const string PassiveAccount = "wxtimingpassive1";

        // The unsubscribe tests compare the account's counts before and after: accounts of their own, so that a
        // reply of another test settling late (on a reminder tick) cannot move them.
        public const string UnfollowPushAccount = "wxunfollowpush01";

        public const string UnfollowPassiveAccount = "wxunfollowpass01";

        private static readonly (string AppId, WeChatReplyMode Mode)[] Accounts =
        [
            (AutoAccount, WeChatReplyMode.Auto),
            (WhitelistAccount, WeChatReplyMode.Push),
            (TypingAccount, WeChatReplyMode.Push),
            (PassiveAccount, WeChatReplyMode.Passive),
            (UnfollowPushAccount, WeChatReplyMode.Push),
            (UnfollowPassiveAccount, WeChatReplyMode.Passive),
        ];

        public SignallingTimeProvider Time { get; } = new();

        public ScriptedChatClient Chat { get; } = new();

        public GrainCallGate Gate { get; } = new();

        public FakeWeChatApiServer WeChat { get; private set; } = null!;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
            FakeWeChatAccounts.Register(WeChat, Accounts);
            var baseAddress = WeChat.BaseAddress;
            var builder = new InProcessTestClusterBuilder(1);
            builder.ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.GrainState);
                silo.UseInMemoryReminderService();
                silo.AddIncomingGrainCallFilter(context => Gate.InvokeAsync(context));
                var services = silo.Services;
                FakeWeChatAccounts.Configure(services, baseAddress, Accounts);
                services.Configure<WeChatTokenOptions>(o => o.ConfigurationErrorRetrySeconds = ConfigurationErrorRetrySeconds);
                services.TryAddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();
                services.AddWeChatDelivery();
                ConversationClusterFixture.ConfigureServices(services, Time, Chat);

                // No reminder tick can send the reply during the test: only the conversation's own work can.
                services.Configure<ConversationOptions>(o => o.Outbox.ReminderPeriodSeconds = 3600);
            });
            Cluster = builder.Build();
            await Cluster.DeployAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Cluster.DisposeAsync();
            await WeChat.DisposeAsync();
            Chat.Dispose();
            Time.Dispose();
        }
    }
}
