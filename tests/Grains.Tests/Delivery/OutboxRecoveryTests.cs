using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Silo.Hosting;
using CustomerService.Simulator.WeChat.Api;
using CustomerService.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// A silo that dies during generation or delivery loses nothing: the outbox reminder (SQLite reminders, a lowered
/// minimum period) brings the conversation back on a new silo with no call from anyone, and it generates and sends
/// what was left. Each test waits for the fake platform to receive the send, never for a sleep.
/// </summary>
[Collection(SiloRecoveryCollectionDefinition.Name)]
public sealed class OutboxRecoveryTests : IAsyncLifetime
{
    private const string Account = "wxrecovery000001";

    // An Auto account: it answers passively until the typing probe at a slow answer's receipt shows it can push.
    private const string AutoAccount = "wxrecoveryauto01";
    private static readonly TimeSpan PassiveWindow = TimeSpan.FromSeconds(new PassiveOptions().WindowSeconds);
    private FakeWeChatApiServer _weChat = null!;
    private SqliteConversationCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _weChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
        _weChat.RegisterAccount(Account, PushDeliveryFixture.Secret);
        _weChat.RegisterAccount(AutoAccount, PushDeliveryFixture.Secret);
        var baseAddress = _weChat.BaseAddress;
        _cluster = new SqliteConversationCluster
        {
            ConfigureSilo = silo =>
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                var services = silo.Services;
                services.Configure<WeChatOptions>(o =>
                {
                    o.ApiBaseUrl = baseAddress;
                    o.Accounts =
                    [
                        new WeChatAccountOptions { AppId = Account, AppSecret = PushDeliveryFixture.Secret, ReplyMode = WeChatReplyMode.Push },
                        new WeChatAccountOptions { AppId = AutoAccount, AppSecret = PushDeliveryFixture.Secret, ReplyMode = WeChatReplyMode.Auto },
                    ];
                });
                services.RemoveAll<IAccountDeliverySettings>();
                services.AddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();
                services.AddWeChatDelivery();
                services.Configure<ConversationOptions>(o => o.Outbox.ReminderPeriodSeconds = 1);
            },
        };
        await _cluster.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _weChat.DisposeAsync();
    }

    [Fact]
    public async Task Outbox_SiloKilledDuringGeneration_NewSiloGeneratesAndSendsItWithoutARetry()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();
        const string question = "请介绍一下敦煌莫高窟";
        var onDeadSilo = _cluster.Chat.Hold(question);
        _weChat.RecordUserMessage(Account, key.User);
        var outcome = await _cluster.Conversation(key).RecordInboundAsync(Pushes.Text(question));
        await onDeadSilo.Called;

        await _cluster.KillSiloAndStartAnotherAsync(() => onDeadSilo.Release("死去的 silo 上的回答"), ct);
        var rerun = _cluster.Chat.Hold(question);
        await rerun.Called;
        rerun.Release("莫高窟位于甘肃敦煌，现存洞窟735个。");
        await WaitForSentAsync(key, 1);
        var view = await WaitForDeliveredAsync(key);

        Assert.Equal(PassiveReplyKind.Acknowledge, outcome.Reply?.Kind);
        Assert.Equal(["莫高窟位于甘肃敦煌，现存洞窟735个。"], SentTo(key));
        Assert.False(view.PossiblyDuplicated);
    }

    // A capable Auto account keeps the reply on the passive timeline at first. The silo dies while the model runs, and
    // with it the ingress's wait: the answer generated again on the new silo comes after WeChat's last attempt, so no
    // passive reply can carry it. The outbox pushes it, with no new message from the user.
    [Fact]
    public async Task Outbox_CapableAutoAccountSiloKilledDuringGeneration_NewSiloPushesTheAnswerWithoutANewMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey(AutoAccount);
        const string question = "请介绍一下苏州园林";
        const string answer = "苏州园林以拙政园和留园为代表。";
        var onDeadSilo = _cluster.Chat.Hold(question);
        _weChat.RecordUserMessage(AutoAccount, key.User);
        var outcome = await _cluster.Conversation(key).RecordInboundAsync(Pushes.Text(question));
        await onDeadSilo.Called;
        await WaitForCapabilityAsync(AutoAccount, AccountCapability.CanPush);

        await _cluster.KillSiloAndStartAnotherAsync(() => onDeadSilo.Release("死去的 silo 上的回答"), ct);
        var rerun = _cluster.Chat.Hold(question);
        await rerun.Called;
        _cluster.Time.Advance(PassiveWindow);
        rerun.Release(answer);
        await WaitForSentAsync(key, 1);
        var view = await WaitForDeliveredAsync(key);

        Assert.False(outcome.AnswerReady);
        Assert.Equal([answer], SentTo(key));
        Assert.True(view.Pushed);
    }

    // The answer is ready inside the window, but no delivery claims it (the ingress held the attempts and gave up).
    // While WeChat may still deliver the push it stays the passive path's; once the window is over, the outbox
    // reminder's next tick hands it to the outbox, which pushes it.
    [Fact]
    public async Task Outbox_CapableAutoAccountAnswerReadyInTheWindowButNeverClaimed_IsPushedOnceTheWindowIsOver()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey(AutoAccount);
        const string question = "请介绍一下杭州西湖";
        const string answer = "西湖有苏堤春晓、断桥残雪等十景。";
        var model = _cluster.Chat.Hold(question);
        var push = Pushes.Text(question);
        _weChat.RecordUserMessage(AutoAccount, key.User);
        await _cluster.Conversation(key).RecordInboundAsync(push);
        await model.Called;
        await WaitForCapabilityAsync(AutoAccount, AccountCapability.CanPush);

        model.Release(answer);
        Assert.True(await _cluster.Conversation(key).WaitForAnswerAsync(push.DedupId, _cluster.Time.GetUtcNow().AddMinutes(1), ct));
        var inTheWindow = Assert.Single((await _cluster.Conversation(key).GetSnapshotAsync()).Messages);
        _cluster.Time.Advance(PassiveWindow);
        await WaitForSentAsync(key, 1);
        var view = await WaitForDeliveredAsync(key);

        Assert.Equal((DeliveryState.Pending, false), (inTheWindow.Delivery, inTheWindow.Pushed));
        Assert.Equal([answer], SentTo(key));
        Assert.True(view.Pushed);
    }

    [Fact]
    public async Task Outbox_SiloKilledWhileAPartIsBeingSent_NewSiloSendsThatPartAgainFlaggedAndNothingIsLost()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();
        _weChat.EnqueueFault(FakeWeChatFault.Stall(FakeWeChatEndpoint.Send, openId: key.User));
        _weChat.RecordUserMessage(Account, key.User);
        await _cluster.Conversation(key).RecordInboundAsync(Pushes.Text("什么时候发货"));
        await _weChat.Stalled;

        // The dead silo's call is still open on the platform: released, it may land too, as it could after a real
        // crash (custom/send has no idempotency key). At most that one part may arrive twice.
        await _cluster.KillSiloAndStartAnotherAsync(_weChat.ReleaseStalled, ct);
        await WaitForSentAsync(key, 1);
        var view = await WaitForDeliveredAsync(key);

        var sent = SentTo(key);
        Assert.InRange(sent.Count, 1, 2);
        Assert.All(sent, text => Assert.Equal(SampleFaq.AnswerOf("什么时候发货"), text));
        Assert.True(view.PossiblyDuplicated);
    }

    // A three-part answer; the silo dies while part 2 is on the wire. Part 1 is never sent again, part 2 may arrive
    // twice (the dead silo's call lands too), part 3 once: nothing lost, and only the in-flight part repeats.
    [Fact]
    public async Task Outbox_SiloKilledWhileTheSecondOfThreePartsIsSent_OnlyThatPartMayRepeat()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();
        const string question = "请介绍一下唐诗和宋词的区别";
        var answer = PushDeliveryTests.LongAnswer(5_000);
        var model = _cluster.Chat.Hold(question);
        _weChat.EnqueueFault(FakeWeChatFault.Stall(FakeWeChatEndpoint.Send, openId: key.User) with { Skip = 1 });
        _weChat.RecordUserMessage(Account, key.User);
        await _cluster.Conversation(key).RecordInboundAsync(Pushes.Text(question));
        model.Release(answer);
        await _weChat.Stalled.WaitAsync(TimeSpan.FromSeconds(30), ct);

        await _cluster.KillSiloAndStartAnotherAsync(_weChat.ReleaseStalled, ct);
        var view = await WaitForDeliveredAsync(key);

        // Either [1, 2, 3] or [1, 2, 2, 3]: the second part, and only it, may have arrived twice.
        var sent = SentTo(key).ToList();
        Assert.InRange(sent.Count, 3, 4);
        if (sent.Count == 4)
        {
            Assert.Equal(sent[1], sent[2]);
            sent.RemoveAt(2);
        }

        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(sent)));
        Assert.True(view.PossiblyDuplicated);
    }

    [Fact]
    public async Task Outbox_SiloKilledBeforeAnAnsweredReplyWasSent_NewSiloSendsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = NewKey();

        // The platform's front end turns the sends away (503: nothing was handled), so the answer is durable but
        // unsent when the silo dies.
        _weChat.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.Send, 503, count: 3, openId: key.User));
        _weChat.RecordUserMessage(Account, key.User);
        await _cluster.Conversation(key).RecordInboundAsync(Pushes.Text("运费怎么算"));
        var pending = Assert.Single((await _cluster.Conversation(key).GetSnapshotAsync()).Messages);

        await _cluster.KillSiloAndStartAnotherAsync(null, ct);
        await WaitForSentAsync(key, 1);

        Assert.Equal(DeliveryState.Pending, pending.Delivery);
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算")], SentTo(key));
    }

    private static ConversationKey NewKey(string account = Account) => new(ChannelKind.WeChat, account, $"oRecover{Guid.NewGuid():N}");

    private async Task WaitForCapabilityAsync(string account, AccountCapability capability)
    {
        var grain = _cluster.Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, account).ToString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await grain.GetStatusAsync()).Capability != capability)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Account {account} did not reach {capability} within 30 s.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private IReadOnlyList<string> SentTo(ConversationKey key) =>
        [.. _weChat.SentMessages.Where(m => m.OpenId == key.User).OrderBy(m => m.Sequence).Select(m => m.Text)];

    private Task WaitForSentAsync(ConversationKey key, int count) =>
        _weChat.WaitForSentAsync(all => all.Count(m => m.OpenId == key.User) >= count, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private async Task<MessageView> WaitForDeliveredAsync(ConversationKey key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var view = (await _cluster.Conversation(key).GetSnapshotAsync()).Messages.Single();
            if (view.Delivery == DeliveryState.Delivered)
            {
                return view;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The reply was not delivered within 60 s.");
    }
}
