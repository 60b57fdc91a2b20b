using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Tests.Storage;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// Conversation grains on SQLite storage and SQLite reminders in a database file of their own, started with one silo.
/// The fake model and the fake clock are test-process objects, so every silo started later shares them and they
/// outlive a killed one.
/// </summary>
public sealed class SqliteConversationCluster : IAsyncLifetime
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(60);

    private readonly TemporarySqliteDatabase _database = new();

    public SignallingTimeProvider Time { get; } = new();

    public ScriptedChatClient Chat { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Extra configuration for every silo, including those started after a kill. Set before initializing.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    public async ValueTask InitializeAsync()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        var connectionString = _database.ConnectionString;
        var time = Time;
        var chat = Chat;
        var configureSilo = ConfigureSilo;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(StorageNames.GrainState, connectionString);
            silo.UseSqliteReminderService(connectionString);
            ConversationClusterFixture.ConfigureServices(silo.Services, time, chat);
            configureSilo?.Invoke(silo);
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

        _database.Dispose();
        Time.Dispose();
    }

    public static ConversationKey NewKey() => new(ChannelKind.WeChat, "wxtest0000000001", $"oTest{Guid.NewGuid():N}");

    /// <summary>The grain through the current client (<see cref="KillSiloAndStartAnotherAsync"/> replaces the client).</summary>
    public IConversationGrain Conversation(ConversationKey key) => Cluster.Client.GetGrain<IConversationGrain>(key.ToString());

    /// <summary>
    /// Kills the only silo (a non-graceful stop: deactivations are cut short and nothing waits for running work),
    /// starts a new one, waits until the new one has declared the old one dead, so that its grains activate afresh,
    /// and connects a new client, as an ingress restarted after the crash would.
    /// </summary>
    /// <param name="endOrphanedWork">
    /// Ends work the dead silo left behind (a held model call), once the silo has stopped. In a real crash it dies
    /// with the process; in process, disposing the dead silo would otherwise wait for it until the model timeout.
    /// </param>
    /// <param name="cancellationToken">The test's token.</param>
    public async Task KillSiloAndStartAnotherAsync(Action? endOrphanedWork, CancellationToken cancellationToken)
    {
        var dying = Cluster.Silos.Single();
        await dying.StopSiloAsync(stopGracefully: false);
        endOrphanedWork?.Invoke();
        await Cluster.KillSiloAsync(dying, cancellationToken);
        var replacement = await Cluster.StartAdditionalSiloAsync();
        await WaitUntilDeadAsync(replacement, dying.SiloAddress, cancellationToken);
        await Cluster.InitializeClientAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the only silo gracefully (its host stops: ApplicationStopping fires and its grains deactivate), starts a
    /// new one, waits until the new one sees the old one dead, and connects a new client.
    /// </summary>
    public async Task StopSiloGracefullyAndStartAnotherAsync(CancellationToken cancellationToken)
    {
        var stopping = Cluster.Silos.Single();
        await Cluster.StopSiloAsync(stopping, cancellationToken);
        var replacement = await Cluster.StartAdditionalSiloAsync();
        await WaitUntilDeadAsync(replacement, stopping.SiloAddress, cancellationToken);
        await Cluster.InitializeClientAsync(cancellationToken);
    }

    private static async Task WaitUntilDeadAsync(InProcessSiloHandle observer, SiloAddress silo, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeathTimeout);
        var membership = observer.ServiceProvider.GetRequiredService<IClusterMembershipService>();
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
        {
            if (snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                return;
            }
        }
    }
}
