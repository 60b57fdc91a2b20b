using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Grains.Tests.Delivery;
using CustomerService.Silo.Hosting;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Grains.Tests.Records;

/// <summary>
/// Replies that go out through the push API (custom/send, the simulator's fake WeChat API over loopback) are recorded
/// with the outbox's ledger states and reasons, exactly as the conversation's own view has them.
/// </summary>
public sealed class PushDeliveryRecordsTests : IAsyncLifetime
{
    private const string Account = "wxrecordspush001";
    private const string FaqQuestion = "什么时候发货";
    private FakeWeChatApiServer _weChat = null!;
    private RecordsCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _weChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
        _weChat.RegisterAccount(Account, PushDeliveryFixture.Secret);
        var baseAddress = _weChat.BaseAddress;
        _cluster = new RecordsCluster(silo =>
        {
            var services = silo.Services;
            services.Configure<WeChatOptions>(o =>
            {
                o.ApiBaseUrl = baseAddress;
                o.Accounts = [new WeChatAccountOptions { AppId = Account, AppSecret = PushDeliveryFixture.Secret, ReplyMode = WeChatReplyMode.Push }];
            });
            services.RemoveAll<IAccountDeliverySettings>();
            services.AddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();
            services.AddWeChatDelivery();
            services.Configure<ConversationOptions>(o => o.Outbox.ReminderPeriodSeconds = 1);
        });
        await _cluster.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _weChat.DisposeAsync();
    }

    [Fact]
    public async Task Records_ReplyPushedThroughTheApi_RecordedDelivered()
    {
        var key = NewKey();
        var push = Pushes.Text(FaqQuestion);
        _weChat.RecordUserMessage(Account, key.User);

        var outcome = await _cluster.Conversations.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(PassiveReplyKind.Acknowledge, outcome.Reply?.Kind);
        Assert.Equal(
            [
                (RecordDirection.Inbound, (string?)FaqQuestion, (RecordDeliveryState?)null),
                (RecordDirection.Outbound, SampleFaq.AnswerOf(FaqQuestion), RecordDeliveryState.Delivered),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.Text, m.DeliveryState)));
    }

    [Fact]
    public async Task Records_PlatformRefusesTheUser_RecordedFailedWithTheLedgersReason()
    {
        var key = NewKey();
        var push = Pushes.Text(FaqQuestion);
        _weChat.RecordUserMessage(Account, key.User);
        _weChat.SetUserOptedOut(Account, key.User);
        var grain = _cluster.Conversations.Conversation(key);

        await grain.RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Failed);
        var ledger = Assert.Single((await grain.GetSnapshotAsync()).Messages);
        var reply = (await _cluster.MessagesAsync(key))[1];

        Assert.NotNull(ledger.DeliveryReason);
        Assert.Equal((RecordDeliveryState.Failed, ledger.DeliveryReason), (reply.DeliveryState!.Value, reply.DeliveryReason));
    }

    private static ConversationKey NewKey() => new(ChannelKind.WeChat, Account, $"oRecPush{Guid.NewGuid():N}");
}
