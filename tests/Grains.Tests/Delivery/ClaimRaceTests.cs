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
/// The passive claim of a capable Auto account looks the account up before it decides who owns the reply; an answer
/// generated while it waits for that lookup is decided on as it is when the claim resumes, never left for a
/// reminder tick. The lookup is held open by a grain-call gate, so the interleaving is exact.
/// </summary>
public sealed class ClaimRaceTests(ClaimRaceTests.Fixture fixture) : IClassFixture<ClaimRaceTests.Fixture>
{
    [Fact]
    public async Task ClaimPassiveReply_AnswerGeneratedWhileTheAccountIsLookedUp_IsTheClaimsReply()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new ConversationKey(ChannelKind.WeChat, Fixture.Account, $"oRace{Guid.NewGuid():N}");
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
        public const string Account = "wxclaimrace00001";

        public SignallingTimeProvider Time { get; } = new();

        public ScriptedChatClient Chat { get; } = new();

        public GrainCallGate Gate { get; } = new();

        public FakeWeChatApiServer WeChat { get; private set; } = null!;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
            WeChat.RegisterAccount(Account, PushDeliveryFixture.Secret);
            var baseAddress = WeChat.BaseAddress;
            var builder = new InProcessTestClusterBuilder(1);
            builder.ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.GrainState);
                silo.UseInMemoryReminderService();
                silo.AddIncomingGrainCallFilter(context => Gate.InvokeAsync(context));
                var services = silo.Services;
                services.Configure<WeChatOptions>(o =>
                {
                    o.ApiBaseUrl = baseAddress;
                    o.Accounts = [new WeChatAccountOptions { AppId = Account, AppSecret = PushDeliveryFixture.Secret, ReplyMode = WeChatReplyMode.Auto }];
                });
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
