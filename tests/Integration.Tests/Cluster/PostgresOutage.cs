using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;
using Npgsql;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// Takes one test database away from its users as an outage would: new connections are refused and the open ones
/// are terminated, so that every query of a silo fails until <see cref="EndAsync"/>. Run as the owner role, from the
/// server's own database (the test database cannot be used to switch itself back on). The owner role may end the
/// data role's sessions through pg_signal_backend (scripts/test-services.sh grants it).
/// </summary>
public sealed class PostgresOutage(PostgresTestDatabase database)
{
    private readonly string _server = TestEnvironment.Require(TestEnvironment.PostgresMigrateVariable);

    public async Task BeginAsync()
    {
        await ExecuteAsync($"""
            ALTER DATABASE "{database.Name}" WITH ALLOW_CONNECTIONS false;
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}' AND pid <> pg_backend_pid();
            """);
    }

    public Task EndAsync() => ExecuteAsync($"""ALTER DATABASE "{database.Name}" WITH ALLOW_CONNECTIONS true;""");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
