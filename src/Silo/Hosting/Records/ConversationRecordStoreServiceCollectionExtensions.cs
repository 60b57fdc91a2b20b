using CustomerService.Grains.Hosting;
using CustomerService.Grains.Records;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Registers the conversation records on a silo: the store for the storage provider, the silo's one writer, the
/// retention job's collaborators and the start-up check of its reminder. A store registered earlier is kept.
/// </summary>
public static class ConversationRecordStoreServiceCollectionExtensions
{
    /// <summary>How long a records write waits for another connection's lock on the SQLite file.</summary>
    public static readonly TimeSpan SqliteLockTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Records in the SQLite file <paramref name="recordsConnectionString"/> (its schema applied when the store is first
    /// resolved); idle conversation states purged from the grain-state file <paramref name="grainStateConnectionString"/>.
    /// </summary>
    public static IServiceCollection AddSqliteConversationRecords(
        this IServiceCollection services, string recordsConnectionString, string grainStateConnectionString, TimeSpan? lockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordsConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(grainStateConnectionString);
        services.TryAddSingleton<IConversationRecordStore>(_ =>
        {
            SqliteSchemaInitializer.EnsureRecordsSchema(recordsConnectionString);
            return new SqliteConversationRecordStore(recordsConnectionString, lockTimeout ?? SqliteLockTimeout);
        });
        services.TryAddSqliteDataSource(grainStateConnectionString);
        services.TryAddSingleton<IConversationStateRetention>(sp => new SqliteConversationStateRetention(
            sp.GetSqliteDataSource(grainStateConnectionString),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return services.AddRecordsCommon();
    }

    /// <summary>Records and the idle-state purge on the process's one <see cref="NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddPostgresConversationRecords(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IConversationRecordStore>(sp => new PostgresConversationRecordStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IConversationStateRetention>(sp => new PostgresConversationStateRetention(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return services.AddRecordsCommon();
    }

    private static IServiceCollection AddRecordsCommon(this IServiceCollection services)
    {
        services.TryAddSingleton<IRecordRetentionSettings, StorageRetentionSettings>();
        services.AddConversationRecordWriter();
        if (!services.Any(d => d.ServiceType == typeof(RetentionReminderStarter)))
        {
            services.AddSingleton<RetentionReminderStarter>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RetentionReminderStarter>());
        }

        return services;
    }
}
