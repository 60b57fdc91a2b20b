using CustomerService.Grains.Hosting;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// A migrated database of its own and one silo on it through the product's registration
/// (<see cref="PostgresStorageSiloBuilderExtensions.UsePostgresStorage"/>), connected as the data-only role.
/// </summary>
public sealed class PostgresConversationFixture : IAsyncLifetime
{
    /// <summary>A second provider on the same tables, set to delete rows on clear, to exercise DeleteStorageKey.</summary>
    public const string DeletingProviderName = "postgres-delete-on-clear";

    public PostgresTestDatabase Database { get; } = new();

    public ConversationCluster Conversations { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.MigrateAsync();
        var connectionString = Database.DataConnectionString;
        Conversations = await ConversationCluster.StartAsync(
            silo => silo.UsePostgresStorage(StorageNames.GrainState, connectionString, PostgresStorage.DefaultMaxPoolSize),
            silo => silo.Services.AddAdoNetGrainStorage(DeletingProviderName, optionsBuilder => optionsBuilder
                .Configure<IOptions<SystemTextJsonGrainStorageSerializerOptions>, NpgsqlDataSource>((options, json, dataSource) =>
                {
                    options.Invariant = PostgresStorage.Invariant;
                    options.DataSource = dataSource;
                    options.DeleteStateOnClear = true;
                    options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(json);
                })));
    }

    public async ValueTask DisposeAsync()
    {
        if (Conversations is not null)
        {
            await Conversations.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    public IGrainStorage Storage(string providerName) =>
        Conversations.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(providerName);

    /// <summary>The grain_state row of a string-keyed grain, read as the owner, or null.</summary>
    public async Task<StoredRow?> ReadRowAsync(string key)
    {
        await using var connection = await Database.OwnerDataSource().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT payload, version FROM grain_state
             WHERE service_id = @serviceId AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension = @key;
            """,
            connection);
        command.Parameters.AddWithValue("serviceId", Conversations.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var row = new StoredRow(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt32(1));
        Assert.False(await reader.ReadAsync(), $"More than one row holds '{key}'.");
        return row;
    }
}
