using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>
/// One in-process silo running the real conversation grains on the storage a test chooses, with a fake clock for our
/// grains only (the silo's own TimeProvider stays real: Orleans runs its timeouts, membership and reminders on it).
/// Every silo started later, also after a kill, gets the same configuration and shares the clock.
/// </summary>
public sealed class ConversationCluster : IAsyncDisposable
{
    /// <summary>Where every cluster's fake clock starts, so that two clusters given the same pushes store the same state.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    // Only so that a silo that is never declared dead fails the test instead of hanging the run.
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromMinutes(1);

    private ConversationCluster(InProcessTestCluster cluster, FakeTimeProvider time)
    {
        Cluster = cluster;
        Time = time;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>Our grains' clock (ConversationClock).</summary>
    public FakeTimeProvider Time { get; }

    public static async Task<ConversationCluster> StartAsync(Action<ISiloBuilder> configureStorage, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configureStorage);
        var time = new FakeTimeProvider(ClockStart);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            configureStorage(silo);
            var services = silo.Services;
            services.AddSingleton(new ConversationClock(time));
            services.AddSingleton<IChatClient, FaqOnlyChatClient>();
            services.AddSingleton<IAccountKnowledgeSettings, NoAccountOverrides>();
            // Every account passive: these tests are about storage, not about push delivery.
            services.AddSingleton<IAccountDeliverySettings, PassiveAccounts>();
            services.AddConversationGrainServices();
            services.Configure<LlmOptions>(o =>
            {
                o.Provider = LlmProvider.OpenAI;
                o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
                o.Model = "test-model";
            });
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new ConversationCluster(cluster, time);
    }

    public static ConversationKey NewKey() => new(ChannelKind.WeChat, "wxtest0000000001", $"oTest{Guid.NewGuid():N}");

    public IConversationGrain Conversation(ConversationKey key) => Cluster.Client.GetGrain<IConversationGrain>(key.ToString());

    /// <summary>Deactivates the grain and waits until it is gone, so that its next call reads its state from storage.</summary>
    public async Task DeactivateAsync(IAddressable grain)
    {
        // Taken before the collection, or the grain could be gone and back before we start waiting.
        var deactivated = Cluster.WaitForDeactivationAsync(grain);
        await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await deactivated;
    }

    /// <summary>
    /// Kills the only silo (no graceful stop: nothing is deactivated or written on the way down), starts a new one,
    /// waits until the new one has declared the old one dead, and connects a new client, as an ingress would after a
    /// crash.
    /// </summary>
    public async Task KillSiloAndStartAnotherAsync(CancellationToken cancellationToken)
    {
        var dying = Cluster.Silos.Single();
        await dying.StopSiloAsync(stopGracefully: false);
        await Cluster.KillSiloAsync(dying, cancellationToken);
        var replacement = await Cluster.StartAdditionalSiloAsync();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeathTimeout);
        var membership = replacement.ServiceProvider.GetRequiredService<IClusterMembershipService>();
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
        {
            if (snapshot.GetSiloStatus(dying.SiloAddress) == SiloStatus.Dead)
            {
                break;
            }
        }

        await Cluster.InitializeClientAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class NoAccountOverrides : IAccountKnowledgeSettings
    {
        public string? FaqFileFor(ConversationKey key) => null;
    }

    private sealed class PassiveAccounts : IAccountDeliverySettings
    {
        public AccountDeliverySettings SettingsFor(ConversationKey key) => AccountDeliverySettings.PassiveOnly;
    }
}
