using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
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
/// The account's delivery view cannot be read (its grain call fails): that is not knowing, not a refusal. A fake clock
/// for our grains lets the silo's cached view go stale on demand, so that the conversation must ask the account grain
/// exactly when the test has the gate fail it; the outbox reminder ticks every second, on the silo's real clock.
/// </summary>
public sealed class AccountLookupTests(AccountLookupTests.Fixture fixture) : IClassFixture<AccountLookupTests.Fixture>
{
    // Longer than AccountDeliveryDirectory keeps an account's view.
    private static readonly TimeSpan PastTheCachedView = TimeSpan.FromSeconds(30);

    // The user already got "success" for the message; the lookup fails when its answer is ready. The reply stays the
    // outbox's, and the reminder's next tick asks again and pushes it: the user never has to write again.
    [Fact]
    public async Task Outbox_AccountLookupFailsWhenTheAnswerIsReady_PushesItOnTheNextTickWithoutANewMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (grain, key) = NewConversation();
        const string question = "帮我写一段介绍黄山的文字";
        var model = fixture.Chat.Hold(question);
        var ack = await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        await model.Called;

        fixture.Time.Advance(PastTheCachedView);
        var lookup = fixture.Gate.Fail(nameof(IAccountDeliveryGrain.GetAsync), AccountKey.Of(key).ToString());
        model.Release("黄山以奇松、怪石、云海、温泉闻名。");
        await lookup.Entered.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await fixture.WaitForSentAsync(key, 1);
        var reply = await WaitForDeliveredAsync(grain, m => m.Pushed);

        Assert.Equal(PassiveReplyKind.Acknowledge, ack.Reply?.Kind);
        Assert.Equal(["黄山以奇松、怪石、云海、温泉闻名。"], fixture.SentTo(key));
        Assert.Equal((DeliveryState.Delivered, false), (reply.Delivery, reply.PossiblyDuplicated));
    }

    // While the account cannot be asked, a new message gets its answer on the passive timeline, alone: the reply the
    // outbox owns is neither moved nor paged into it, and goes out through the outbox once the account answers again.
    [Fact]
    public async Task RecordInbound_AccountLookupFails_AnswersThisMessagePassivelyAndLeavesThePushedReplyToTheOutbox()
    {
        var ct = TestContext.Current.CancellationToken;
        var (grain, key) = NewConversation();
        const string question = "帮我写一段介绍泰山的文字";
        var model = fixture.Chat.Hold(question);
        await fixture.UserWritesAsync(grain, key, Pushes.Text(question));
        await model.Called;

        fixture.Time.Advance(PastTheCachedView);
        var lookups = fixture.Gate.FailUntilOpened(nameof(IAccountDeliveryGrain.GetAsync), AccountKey.Of(key).ToString());
        model.Release("泰山是五岳之首。");
        await lookups.Entered.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var next = await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        lookups.Open();
        await fixture.WaitForSentAsync(key, 1);
        var pushed = await WaitForDeliveredAsync(grain, m => m.Pushed);
        var messages = (await grain.GetSnapshotAsync()).Messages;

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf("运费怎么算")), next.Reply);
        Assert.Equal(["泰山是五岳之首。"], fixture.SentTo(key));
        Assert.Equal("泰山是五岳之首。", pushed.Answer);
        Assert.Equal((DeliveryState.Delivered, false), (messages[1].Delivery, messages[1].Pushed));
    }

    // An Auto account whose capability is still unknown at the push's last passive attempt: the user gets "still
    // working". The typing probe then shows the account can push, and the answer comes after the window, a late
    // answer. The outbox's first lookup for it fails: that says nothing about the account, so the reminder keeps
    // ticking and its next tick pushes the answer, with no new message from the user.
    [Fact]
    public async Task Outbox_LateAnswerOnACapableAutoAccountWhenTheLookupFails_PushesItOnALaterTick()
    {
        var ct = TestContext.Current.CancellationToken;
        const string answer = "黄山四绝：奇松、怪石、云海、温泉。";
        var (grain, key, model, stillWorking) = await StillWorkingThenCapableAsync(Fixture.AutoAccount, "帮我介绍一下黄山四绝");

        fixture.Time.Advance(PastTheCachedView);
        var lookup = fixture.Gate.Fail(nameof(IAccountDeliveryGrain.GetAsync), AccountKey.Of(key).ToString());
        model.Release(answer);
        await lookup.Entered.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await fixture.WaitForSentAsync(key, 1);
        var reply = await WaitForDeliveredAsync(grain, m => m.Answer == answer);

        Assert.Equal(PassiveReply.WithText(new ReplyTextOptions().StillWorking), stillWorking);
        Assert.Equal([answer], fixture.SentTo(key));
        Assert.Equal((MessageStatus.LateQueued, DeliveryState.Delivered), (reply.Status, reply.Delivery));
    }

    // The same late answer, pushed to the end: the passive path owned the push, but nothing is left to send, so the
    // dedup set lets it go once the retention is over (kept, it would stay in the state for good).
    [Fact]
    public async Task Prune_LateAnswerPushedToTheEnd_LeavesTheStateAfterTheRetention()
    {
        const string answer = "泰山日出在玉皇顶观看最佳。";
        var (grain, key, model, _) = await StillWorkingThenCapableAsync(Fixture.PruneAutoAccount, "泰山哪里看日出");
        model.Release(answer);
        await fixture.WaitForSentAsync(key, 1);
        var late = await WaitForDeliveredAsync(grain, m => m.Answer == answer);

        fixture.Time.Advance(TimeSpan.FromSeconds(new DedupOptions().RetentionSeconds));
        // A record leaves only once its delivery count is reported and its record row written, both detached from
        // the delivery: each new message prunes again, so write until the late answer is gone (or 30 s pass).
        var messages = (await grain.GetSnapshotAsync()).Messages;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); messages.Any(m => m.DedupId == late.DedupId) && DateTime.UtcNow < deadline;)
        {
            await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
            messages = (await grain.GetSnapshotAsync()).Messages;
            if (messages.Any(m => m.DedupId == late.DedupId))
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        Assert.DoesNotContain(messages, m => m.DedupId == late.DedupId);
        Assert.Equal([answer], fixture.SentTo(key));
    }

    // A question on an Auto account not asked before (its capability unknown), whose typing probe is held until the push's third attempt has been answered
    // "still working": then the probe lands, and the account is known to push. The model answer is still held.
    private async Task<(IConversationGrain Grain, ConversationKey Key, ScriptedChatClient.HeldAnswer Model, PassiveReply StillWorking)> StillWorkingThenCapableAsync(string account, string question)
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, account, $"oLookupLate{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        var model = fixture.Chat.Hold(question);
        var probe = fixture.Gate.Hold(nameof(IAccountDeliveryGrain.ReportCanPushAsync), AccountKey.Of(key).ToString());
        var push = Pushes.Text(question);
        await fixture.UserWritesAsync(grain, key, push);
        await model.Called;
        await probe.Entered.WaitAsync(TimeSpan.FromSeconds(30), ct);

        await grain.RecordInboundAsync(push);
        await grain.RecordInboundAsync(push);
        var stillWorking = await grain.ClaimPassiveReplyAsync(push.DedupId);
        probe.Open();
        await WaitForCapabilityAsync(account, AccountCapability.CanPush);
        return (grain, key, model, stillWorking);
    }

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

    private (IConversationGrain Grain, ConversationKey Key) NewConversation()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.Account, $"oLookup{Guid.NewGuid():N}");

        // The typing call at receipt is refused (45080): it reports nothing, so only the lookups renew the silo's view.
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Typing, 45080, openId: key.User));
        return (fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString()), key);
    }

    private static async Task<MessageView> WaitForDeliveredAsync(IConversationGrain grain, Func<MessageView, bool> which)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await grain.GetSnapshotAsync()).Messages.FirstOrDefault(m => which(m) && m.Delivery == DeliveryState.Delivered) is { } match)
            {
                return match;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The reply was not delivered within 30 s.");
    }

    /// <summary>One silo on a fake clock for our grains, one-second outbox reminders, the real WeChat transport and the fake API.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        /// <summary>A verified account in Push mode.</summary>
        public const string Account = "wxlookup00000001";

        /// <summary>An account in Auto mode: its capability is learnt at run time (the typing probe, the first push).</summary>
        public const string AutoAccount = "wxlookupauto0001";

        /// <summary>Another Auto account, for a test that needs its capability unknown at the start too.</summary>
        public const string PruneAutoAccount = "wxlookupauto0002";

        private static readonly (string AppId, WeChatReplyMode Mode)[] Accounts =
        [
            (Account, WeChatReplyMode.Push),
            (AutoAccount, WeChatReplyMode.Auto),
            (PruneAutoAccount, WeChatReplyMode.Auto),
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
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                silo.AddIncomingGrainCallFilter(context => Gate.InvokeAsync(context));
                var services = silo.Services;
                FakeWeChatAccounts.Configure(services, baseAddress, Accounts);
                services.TryAddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();
                services.AddWeChatDelivery();
                ConversationClusterFixture.ConfigureServices(services, Time, Chat);
                services.Configure<ConversationOptions>(o => o.Outbox.ReminderPeriodSeconds = 1);
            });
            Cluster = builder.Build();
            await Cluster.DeployAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }

            if (WeChat is not null)
            {
                await WeChat.DisposeAsync();
            }

            Chat.Dispose();
            Time.Dispose();
        }

        /// <summary>What WeChat does when the user writes: opens the user's 48 h grant, then pushes to us.</summary>
        public Task<RecordOutcome> UserWritesAsync(IConversationGrain grain, ConversationKey key, InboundMessage message) =>
            WeChat.UserWritesAsync(grain, key, message);

        /// <summary>The texts WeChat accepted for this user, in order.</summary>
        public IReadOnlyList<string> SentTo(ConversationKey key) => WeChat.SentTo(key);

        public Task WaitForSentAsync(ConversationKey key, int count) => WeChat.WaitForSentAsync(key, count);
    }
}
