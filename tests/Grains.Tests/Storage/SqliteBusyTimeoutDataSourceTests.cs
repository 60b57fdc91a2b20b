using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerService.Grains.Tests.Storage;

public sealed class SqliteBusyTimeoutDataSourceTests
{
    [Fact]
    public async Task OpenConnectionAsync_NewConnection_HasSqliteBusyHandlerArmed()
    {
        using var database = new TemporarySqliteDatabase();
        await using var source = new SqliteBusyTimeoutDataSource(database.ConnectionString, 7_000);

        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.IsType<SqliteConnection>(connection);
        Assert.Equal(7_000L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
