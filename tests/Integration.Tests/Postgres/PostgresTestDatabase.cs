using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Npgsql;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// A database of its own on the test server, created empty by the owner role (<c>CS_TEST_POSTGRES_MIGRATE</c>) and
/// dropped on dispose. As in production, tables the owner creates are granted to the data-only role
/// (<c>CS_TEST_POSTGRES</c>) through default privileges, and the data role may not create anything.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string _serverConnectionString = null!;

    /// <summary>A random name, so that test classes running side by side never share a database.</summary>
    public string Name { get; } = "cs_test_" + Guid.NewGuid().ToString("N");

    /// <summary>This database as the role that owns the tables.</summary>
    public string OwnerConnectionString { get; private set; } = null!;

    /// <summary>This database as the data-only role.</summary>
    public string DataConnectionString { get; private set; } = null!;

    /// <summary>The data-only role's password, which no log line may contain.</summary>
    public string DataPassword { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var owner = new NpgsqlConnectionStringBuilder(TestEnvironment.Require(TestEnvironment.PostgresMigrateVariable));
        var data = new NpgsqlConnectionStringBuilder(TestEnvironment.Require(TestEnvironment.PostgresVariable));
        if (string.Equals(owner.Username, data.Username, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{TestEnvironment.PostgresVariable} and {TestEnvironment.PostgresMigrateVariable} must name two roles " +
                $"(a data-only one and the table owner); both name '{owner.Username}'.");
        }

        _serverConnectionString = owner.ConnectionString;
        await using (var server = new NpgsqlConnection(_serverConnectionString))
        {
            await server.OpenAsync();
            // CREATE DATABASE cannot run in a transaction block: its own command. The name is ours (hex), safe to quote.
            await ExecuteAsync(server, $"CREATE DATABASE \"{Name}\";");
        }

        owner.Database = Name;
        data.Database = Name;
        OwnerConnectionString = owner.ConnectionString;
        DataConnectionString = data.ConnectionString;
        DataPassword = data.Password ?? "";

        await using var database = new NpgsqlConnection(OwnerConnectionString);
        await database.OpenAsync();
        // PostgreSQL 15 already keeps PUBLIC from creating in the public schema; older servers do not.
        await ExecuteAsync(database, $"""
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{data.Username}";
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{data.Username}";
            """);
    }

    /// <summary>A data source on this database as the owner, disposed with the database.</summary>
    public NpgsqlDataSource OwnerDataSource() => Track(NpgsqlDataSource.Create(OwnerConnectionString));

    /// <summary>A data source on this database as the data-only role, disposed with the database.</summary>
    public NpgsqlDataSource DataDataSource() => Track(NpgsqlDataSource.Create(DataConnectionString));

    /// <summary>Applies this build's scripts as the owner, as <c>migrate</c> does.</summary>
    public async Task MigrateAsync()
    {
        await using var owner = NpgsqlDataSource.Create(OwnerConnectionString);
        await new PostgresSchemaMigrator(owner).MigrateAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        if (_serverConnectionString is null)
        {
            return;
        }

        // Connections opened from connection strings (not data sources) sit in Npgsql's global pools.
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        // FORCE ends sessions still open, e.g. a silo's that a failed test never stopped.
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);");
    }

    private NpgsqlDataSource Track(NpgsqlDataSource dataSource)
    {
        _dataSources.Add(dataSource);
        return dataSource;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
