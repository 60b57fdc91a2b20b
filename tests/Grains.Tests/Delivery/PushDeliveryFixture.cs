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
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// One in-process silo whose conversations deliver through the real WeChat transport, over loopback HTTP, to the
/// simulator's fake WeChat API (token, custom/send, custom/typing, quota and window rules). Our grains run on the
/// real clock here, like the fake platform.
/// </summary>
public sealed class PushDeliveryFixture : IAsyncLifetime
{
    /// <summary>A verified account in Push mode.</summary>
    public const string PushAccount = "wxpushtest000001";

    /// <summary>An account in Auto mode (capability learnt at run time).</summary>
    public const string AutoAccount = "wxautotest000001";

    /// <summary>An Auto account that WeChat refuses the customer-service API (an unverified account).</summary>
    public const string UnverifiedAccount = "wxunverified0001";

    /// <summary>A Push-mode account whose permission WeChat withdrew (48001 on send).</summary>
    public const string RevokedAccount = "wxrevokedtest001";

    /// <summary>
    /// A Push-mode account without the permission, for the one test that needs its capability unknown at the start
    /// (the first message is owned by the push path, then the account turns passive).
    /// </summary>
    public const string WithdrawnAccount = "wxwithdrawn00001";

    /// <summary>A Push-mode account whose held replies expire after <see cref="ShortHeldMaxAge"/>.</summary>
    public const string ShortHeldAccount = "wxshortheld00001";

    /// <summary>How long <see cref="ShortHeldAccount"/> keeps a held reply.</summary>
    public static readonly TimeSpan ShortHeldMaxAge = TimeSpan.FromSeconds(2);

    /// <summary>A Push-mode account whose daily API quota a test spends (45009 pauses it until Beijing midnight).</summary>
    public const string DailyQuotaAccount = "wxdailyquota0001";

    /// <summary>A Push-mode account whose circuit breaker a test opens.</summary>
    public const string BreakerAccount = "wxbreaker0000001";

    /// <summary>An account in Passive mode (with an AppSecret, which it never uses).</summary>
    public const string PassiveAccount = "wxpassivetest001";

    /// <summary>A verified Push-mode account whose token endpoint a test takes down (its own token authority).</summary>
    public const string OutageAccount = "wxoutage00000001";

    /// <summary>A verified Push-mode account whose token grain a test makes fail (the grain call, not the endpoint).</summary>
    public const string TokenGrainAccount = "wxtokengrain0001";

    /// <summary>A verified Push-mode account whose typing indicator a test runs into the daily quota (45009).</summary>
    public const string TypingQuotaAccount = "wxtypingquota001";

    public const string Secret = "PushTestSecretNotReal00000000000";

    public ScriptedChatClient Chat { get; } = new();

    /// <summary>Holds or fails the next call of a grain method, when a test arms it.</summary>
    public GrainCallGate Gate { get; } = new();

    public FakeWeChatApiServer WeChat { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
        foreach (var account in new[] { PushAccount, AutoAccount, UnverifiedAccount, RevokedAccount, WithdrawnAccount, OutageAccount, TokenGrainAccount, TypingQuotaAccount, PassiveAccount, ShortHeldAccount, DailyQuotaAccount, BreakerAccount })
        {
            WeChat.RegisterAccount(account, Secret);
        }

        WeChat.SetAccountPermission(UnverifiedAccount, canUseCustomerService: false);
        WeChat.SetAccountPermission(RevokedAccount, canUseCustomerService: false);
        WeChat.SetAccountPermission(WithdrawnAccount, canUseCustomerService: false);
        var baseAddress = WeChat.BaseAddress;

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.GrainState);
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddIncomingGrainCallFilter(context => Gate.InvokeAsync(context));
            var services = silo.Services;
            services.Configure<WeChatOptions>(o =>
            {
                o.ApiBaseUrl = baseAddress;
                o.MinuteQuotaPauseSeconds = 2;
                o.Accounts =
                [
                    Account(PushAccount, WeChatReplyMode.Push),
                    Account(AutoAccount, WeChatReplyMode.Auto),
                    Account(UnverifiedAccount, WeChatReplyMode.Auto),
                    Account(RevokedAccount, WeChatReplyMode.Push),
                    Account(WithdrawnAccount, WeChatReplyMode.Push),
                    Account(OutageAccount, WeChatReplyMode.Push),
                    Account(TokenGrainAccount, WeChatReplyMode.Push),
                    Account(TypingQuotaAccount, WeChatReplyMode.Push),
                    Account(PassiveAccount, WeChatReplyMode.Passive),
                    Account(ShortHeldAccount, WeChatReplyMode.Push),
                    Account(DailyQuotaAccount, WeChatReplyMode.Push),
                    Account(BreakerAccount, WeChatReplyMode.Push),
                ];
            });
            services.TryAddSingleton<IAccountDeliverySettings>(sp => new ShortHeldSettings(new WeChatAccountDeliverySettings(sp.GetRequiredService<IOptions<WeChatOptions>>())));
            services.AddWeChatDelivery();
            ConversationClusterFixture.ConfigureServices(services, TimeProvider.System, Chat);
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
    }

    public (IConversationGrain Grain, ConversationKey Key) NewConversation(string account)
    {
        var key = new ConversationKey(ChannelKind.WeChat, account, $"oPush{Guid.NewGuid():N}");
        return (Cluster.Client.GetGrain<IConversationGrain>(key.ToString()), key);
    }

    /// <summary>What WeChat does when the user writes: opens the user's 48 h grant, then pushes to us.</summary>
    public Task<RecordOutcome> UserWritesAsync(IConversationGrain grain, ConversationKey key, InboundMessage message) =>
        WeChat.UserWritesAsync(grain, key, message);

    /// <summary>The texts WeChat accepted for this user, in order.</summary>
    public IReadOnlyList<string> SentTo(ConversationKey key) => WeChat.SentTo(key);

    public Task WaitForSentAsync(ConversationKey key, int count) => WeChat.WaitForSentAsync(key, count);

    /// <summary>Waits until the account's cluster-wide capability is the one expected (the account grain is polled).</summary>
    public async Task WaitForCapabilityAsync(string account, AccountCapability capability)
    {
        var grain = Cluster.Client.GetGrain<IAccountDeliveryGrain>(new AccountKey(ChannelKind.WeChat, account).ToString());
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

    /// <summary>Waits until a recorded push of the conversation matches (the snapshot is polled) and returns it.</summary>
    public static async Task<MessageView> WaitForMessageAsync(IConversationGrain grain, Func<MessageView, bool> condition, string what)
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

        throw new TimeoutException($"No recorded push reached the expected state ({what}) within 30 s.");
    }

    // Channels:WeChat:HeldReplyMaxAgeHours counts in hours; one account here keeps held replies for seconds.
    private sealed class ShortHeldSettings(IAccountDeliverySettings inner) : IAccountDeliverySettings
    {
        public AccountDeliverySettings SettingsFor(ConversationKey key) => key.Account == ShortHeldAccount
            ? inner.SettingsFor(key) with { HeldReplyMaxAge = ShortHeldMaxAge }
            : inner.SettingsFor(key);
    }

    private static WeChatAccountOptions Account(string appId, WeChatReplyMode mode) => new()
    {
        AppId = appId,
        Token = "PushTestToken1",
        EncodingAesKey = "PushTestKeyPushTestKeyPushTestKeyPushTestK0",
        AppSecret = Secret,
        ReplyMode = mode,
    };
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The style guide names collections <Subject>Collection.")]
public sealed class PushDeliveryCollection : ICollectionFixture<PushDeliveryFixture>
{
    public const string Name = "push-delivery";
}
