using CustomerService.Grains.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Storage;

/// <summary>One silo whose grain storage is a SQLite file of its own, shared by the tests of one class.</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    /// <summary>A second provider on the same file, set to delete rows on clear, to exercise DeleteStorageKey.</summary>
    public const string DeletingProviderName = "sqlite-delete-on-clear";

    private readonly TemporarySqliteDatabase _database = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        var connectionString = _database.ConnectionString;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(StorageNames.GrainState, connectionString);
            silo.AddAdoNetGrainStorage(DeletingProviderName, options =>
            {
                options.Invariant = SqliteStorage.Invariant;
                options.ConnectionString = connectionString;
                options.DeleteStateOnClear = true;
            });
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
    }

    public SqliteConnection OpenDatabase() => _database.Open();
}
