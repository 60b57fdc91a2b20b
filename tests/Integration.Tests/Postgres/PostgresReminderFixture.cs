using CustomerService.Grains.Hosting;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>A migrated database of its own and one silo with PostgreSQL storage and reminders that runs <see cref="ReminderProbeGrain"/>.</summary>
public sealed class PostgresReminderFixture : IAsyncLifetime
{
    /// <summary>The test reminders' period, short so that a tick comes soon.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public PostgresTestDatabase Database { get; } = new();

    public ReminderTicks Ticks { get; } = new();

    public ConversationCluster Silos { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.MigrateAsync();
        var connectionString = Database.DataConnectionString;
        var ticks = Ticks;
        Silos = await ConversationCluster.StartAsync(
            silo => silo.UsePostgresStorage(StorageNames.GrainState, connectionString, PostgresStorage.DefaultMaxPoolSize),
            silo =>
            {
                silo.Services.AddSingleton(ticks);
                // Orleans refuses a period below its minimum (one minute unless lowered; the product lowers it to
                // Cluster:MinimumReminderPeriodSeconds).
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = Period);
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (Silos is not null)
        {
            await Silos.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    public IReminderTable Table => Silos.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();

    /// <summary>The reminder rows of a grain, read as the owner.</summary>
    public async Task<long> CountRowsAsync(GrainId grainId)
    {
        await using var connection = await Database.OwnerDataSource().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM reminder WHERE grain_id = @grainId;", connection);
        command.Parameters.AddWithValue("grainId", grainId.ToString());
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
