using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Tests.Delivery;
using CustomerService.Silo.Hosting;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// <c>Conversations:MergeWindowMs</c>: text questions that arrive within the window of the first one still waiting for
/// its model answer are one turn. The model gets every text once the window closes; its one answer replies to each
/// message (linked in the ledger), goes out once, and no message is swallowed. Driven by the fake clock.
/// </summary>
public sealed class MergeWindowTests(MergeWindowTests.Fixture fixture) : IClassFixture<MergeWindowTests.Fixture>
{
    private const int WindowMs = 2000;
    private static readonly ReplyTextOptions Replies = new();

    [Fact]
    public async Task RecordInbound_SecondTextWithinTheWindow_OneModelCallWithBothTextsAnswersBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.Conversation(Fixture.PassiveAccount);
        var first = Pushes.Text("我想买个礼物");
        var second = Pushes.Text("送给妈妈的");
        var model = fixture.Chat.Hold("我想买个礼物\n送给妈妈的");

        await RecordWaitingForTheWindowAsync(grain, first);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs / 2));
        var joined = await grain.RecordInboundAsync(second);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs / 2));
        await model.Called;
        model.Release("推荐丝巾或保温杯。");

        Assert.True(await grain.WaitForAnswerAsync(second.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));
        var secondReply = await grain.ClaimPassiveReplyAsync(second.DedupId);
        var firstReply = await grain.ClaimPassiveReplyAsync(first.DedupId);
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal((false, null), (joined.AnswerReady, joined.Reply));
        Assert.Equal(PassiveReply.WithText("推荐丝巾或保温杯。"), secondReply);
        Assert.Equal(PassiveReply.Acknowledge, firstReply);
        Assert.Equal(1, fixture.Chat.CallsFor("我想买个礼物\n送给妈妈的"));
        Assert.Equal(0, fixture.Chat.CallsFor("我想买个礼物") + fixture.Chat.CallsFor("送给妈妈的"));
        Assert.Equal(first.DedupId, snapshot.Messages.Single(m => m.DedupId == second.DedupId).MergedInto);
        Assert.Equal(["我想买个礼物\n送给妈妈的", "推荐丝巾或保温杯。"], snapshot.History.Select(t => t.Text));
    }

    // Each message's retry gets what its own delivery got: the one that carried the answer gets it again, the other
    // "success"; the answer never goes out twice.
    [Fact]
    public async Task RecordInbound_RetriesOfAMergedTurn_AnswerItExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.Conversation(Fixture.PassiveAccount);
        var first = Pushes.Text("你们有没有红色的");
        var second = Pushes.Text("要大号");
        var model = fixture.Chat.Hold("你们有没有红色的\n要大号");
        await RecordWaitingForTheWindowAsync(grain, first);
        await grain.RecordInboundAsync(second);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs));
        await model.Called;
        model.Release("红色大号有货。");
        Assert.True(await grain.WaitForAnswerAsync(first.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));
        var firstReply = await grain.ClaimPassiveReplyAsync(first.DedupId);

        var secondRetry = await grain.RecordInboundAsync(second);
        var firstRetry = await grain.RecordInboundAsync(first);

        Assert.Equal(PassiveReply.WithText("红色大号有货。"), firstReply);
        Assert.Equal((true, PassiveReply.Acknowledge), (secondRetry.AnswerReady, secondRetry.Reply));
        Assert.Equal((true, PassiveReply.WithText("红色大号有货。")), (firstRetry.AnswerReady, firstRetry.Reply));
    }

    // Not ready by the merged message's last attempt: the turn says "still working" once, and the late answer goes in
    // front of the reply to the user's next message.
    [Fact]
    public async Task ClaimPassiveReply_MergedTurnNotReadyByTheLastAttempts_SaysStillWorkingOnceAndHoldsTheAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.Conversation(Fixture.PassiveAccount);
        var first = Pushes.Text("帮我挑一双跑鞋");
        var second = Pushes.Text("预算五百");
        var model = fixture.Chat.Hold("帮我挑一双跑鞋\n预算五百");
        await RecordWaitingForTheWindowAsync(grain, first);
        await grain.RecordInboundAsync(second);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs));
        await model.Called;

        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await grain.RecordInboundAsync(first);
        var firstLast = await grain.ClaimPassiveReplyAsync(first.DedupId);
        await grain.RecordInboundAsync(second);
        var secondLast = await grain.ClaimPassiveReplyAsync(second.DedupId);
        model.Release("推荐这款缓震跑鞋。");
        Assert.True(await grain.WaitForAnswerAsync(first.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));
        var next = await grain.RecordInboundAsync(Pushes.Text("什么时候发货"));

        Assert.Equal(PassiveReply.WithText(Replies.StillWorking), firstLast);
        Assert.Equal(PassiveReply.Acknowledge, secondLast);
        Assert.Equal(PassiveReply.WithText("推荐这款缓震跑鞋。" + Replies.LateAnswerSeparator + SampleFaq.AnswerOf("什么时候发货")), next.Reply);
    }

    [Fact]
    public async Task RecordInbound_TextAfterTheWindowClosed_IsItsOwnTurn()
    {
        var ct = TestContext.Current.CancellationToken;
        var grain = fixture.Conversation(Fixture.PassiveAccount);
        var first = Pushes.Text("推荐一本小说");
        var second = Pushes.Text("要科幻类的");
        var firstModel = fixture.Chat.Hold("推荐一本小说");
        var secondModel = fixture.Chat.Hold("要科幻类的");
        await RecordWaitingForTheWindowAsync(grain, first);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs));
        await firstModel.Called;

        await grain.RecordInboundAsync(second);
        fixture.Time.ResetTimerSignals();
        firstModel.Release("《活着》。");
        await fixture.Time.WaitForTimerAsync();
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs));
        await secondModel.Called;
        secondModel.Release("《三体》。");
        Assert.True(await grain.WaitForAnswerAsync(second.DedupId, fixture.Time.GetUtcNow().AddMinutes(1), ct));

        var snapshot = await grain.GetSnapshotAsync();
        Assert.All(snapshot.Messages, m => Assert.Null(m.MergedInto));
        Assert.Equal(["推荐一本小说", "《活着》。", "要科幻类的", "《三体》。"], snapshot.History.Select(t => t.Text));
    }

    // Push mode: both messages are acknowledged at once; the turn's one answer is pushed once, and counted once.
    [Fact]
    public async Task RecordInbound_MergedTurnInPushMode_PushesTheOneAnswerOnce()
    {
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.PushAccount, $"oMerge{Guid.NewGuid():N}");
        var grain = fixture.Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
        var first = Pushes.Text("想订一个蛋糕");
        var second = Pushes.Text("六寸的");
        var model = fixture.Chat.Hold("想订一个蛋糕\n六寸的");
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        fixture.Time.ResetTimerSignals();
        var firstOutcome = await grain.RecordInboundAsync(first);
        await fixture.Time.WaitForTimerAsync();
        fixture.WeChat.RecordUserMessage(key.Account, key.User);
        var secondOutcome = await grain.RecordInboundAsync(second);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(WindowMs));
        await model.Called;
        model.Release("六寸蛋糕一百八十元。");
        await fixture.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == key.User), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var retry = await grain.RecordInboundAsync(second);

        Assert.Equal(PassiveReply.Acknowledge, firstOutcome.Reply);
        Assert.Equal(PassiveReply.Acknowledge, secondOutcome.Reply);
        Assert.Equal(PassiveReply.Acknowledge, retry.Reply);
        Assert.Equal(["六寸蛋糕一百八十元。"], fixture.WeChat.SentMessages.Where(m => m.OpenId == key.User).Select(m => m.Text));
        var messages = (await grain.GetSnapshotAsync()).Messages;
        Assert.Equal([first.DedupId], messages.Where(m => m.Delivery is not null).Select(m => m.DedupId));
        Assert.Equal(first.DedupId, messages.Single(m => m.DedupId == second.DedupId).MergedInto);
    }

    // The first message's generation waits on the fake clock for its window: only then may the test move time.
    private async Task RecordWaitingForTheWindowAsync(IConversationGrain grain, InboundMessage first)
    {
        fixture.Time.ResetTimerSignals();
        var outcome = await grain.RecordInboundAsync(first);
        Assert.False(outcome.AnswerReady);
        await fixture.Time.WaitForTimerAsync();
    }

    /// <summary>One silo with a 2 s merge window, the fake clock for our grains, and the simulator's fake WeChat API.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string PassiveAccount = "wxmergepassive01";
        public const string PushAccount = "wxmergepush00001";

        public SignallingTimeProvider Time { get; } = new();

        public ScriptedChatClient Chat { get; } = new();

        public FakeWeChatApiServer WeChat { get; private set; } = null!;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public IConversationGrain Conversation(string account) =>
            Cluster.Client.GetGrain<IConversationGrain>(new ConversationKey(ChannelKind.WeChat, account, $"oMerge{Guid.NewGuid():N}").ToString());

        public async ValueTask InitializeAsync()
        {
            WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
            WeChat.RegisterAccount(PushAccount, PushDeliveryFixture.Secret);
            var baseAddress = WeChat.BaseAddress;
            var builder = new InProcessTestClusterBuilder(1);
            builder.ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.GrainState);
                silo.UseInMemoryReminderService();
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                var services = silo.Services;
                services.Configure<WeChatOptions>(o =>
                {
                    o.ApiBaseUrl = baseAddress;
                    o.Accounts =
                    [
                        new WeChatAccountOptions { AppId = PassiveAccount, ReplyMode = WeChatReplyMode.Passive },
                        new WeChatAccountOptions { AppId = PushAccount, AppSecret = PushDeliveryFixture.Secret, ReplyMode = WeChatReplyMode.Push },
                    ];
                });
                services.TryAddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();
                services.AddWeChatDelivery();
                ConversationClusterFixture.ConfigureServices(services, Time, Chat);
                services.Configure<ConversationOptions>(o =>
                {
                    o.MergeWindowMs = WindowMs;
                    o.Outbox.ReminderPeriodSeconds = 1;
                });
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
