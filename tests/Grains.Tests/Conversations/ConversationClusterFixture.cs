using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// One in-process silo with memory storage, the fake model and a fake clock for our grains only (the silo's own
/// TimeProvider stays real: Orleans runs its timeouts, membership and timers on it).
/// </summary>
public sealed class ConversationClusterFixture : IAsyncLifetime
{
    /// <summary>History is kept short here so that the bound is easy to see.</summary>
    public const int MaxTurns = 3;

    /// <summary>The accounts of these tests: passive, and a handoff waits instead of going to WeChat's agents.</summary>
    public static AccountDeliverySettings PassiveWithoutTransfer { get; } = AccountDeliverySettings.PassiveOnly with { TransferToHumanService = false };

    /// <summary>A passive account whose handoffs go to WeChat's human customer service.</summary>
    public const string TransferAccount = "wxtransfer000001";

    /// <summary>Token prices of the fake model, for the cost metric.</summary>
    public const decimal InputPricePer1k = 2m;

    public const decimal OutputPricePer1k = 6m;

    public SignallingTimeProvider Time { get; } = new();

    public ScriptedChatClient Chat { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.GrainState);
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            ConfigureServices(silo.Services, Time, Chat);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public static void ConfigureServices(IServiceCollection services, TimeProvider time, IChatClient chat)
    {
        services.AddSingleton(new ConversationClock(time));
        services.AddSingleton(chat);
        services.AddSingleton<IAccountKnowledgeSettings, NoAccountOverrides>();
        services.TryAddSingleton<IAccountDeliverySettings>(new FixedDeliverySettings(PassiveWithoutTransfer));
        services.AddConversationGrainServices();
        services.Configure<LlmOptions>(o =>
        {
            o.Provider = LlmProvider.OpenAI;
            o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            o.Model = "test-model";
            o.PricePer1kInputTokens = InputPricePer1k;
            o.PricePer1kOutputTokens = OutputPricePer1k;
        });
        services.Configure<ConversationOptions>(o => o.History.MaxTurns = MaxTurns);
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Time.Dispose();
    }

    public IConversationGrain NewConversation(out ConversationKey key)
    {
        key = new ConversationKey(ChannelKind.WeChat, "wxtest0000000001", $"oTest{Guid.NewGuid():N}");
        return Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
    }

    public IConversationGrain NewConversation() => NewConversation(out _);

    public IConversationGrain NewConversation(string account, out ConversationKey key)
    {
        key = new ConversationKey(ChannelKind.WeChat, account, $"oTest{Guid.NewGuid():N}");
        return Cluster.Client.GetGrain<IConversationGrain>(key.ToString());
    }

    /// <summary>The same delivery settings for every account, except <see cref="TransferAccount"/>.</summary>
    public sealed class FixedDeliverySettings(AccountDeliverySettings settings) : IAccountDeliverySettings
    {
        public AccountDeliverySettings SettingsFor(ConversationKey key) =>
            key.Account == TransferAccount ? AccountDeliverySettings.PassiveOnly : settings;
    }

    private sealed class NoAccountOverrides : IAccountKnowledgeSettings
    {
        public string? FaqFileFor(ConversationKey key) => null;
    }
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The style guide names this collection ClusterCollection.")]
public sealed class ClusterCollection : ICollectionFixture<ConversationClusterFixture>
{
    public const string Name = "conversation-cluster";
}
