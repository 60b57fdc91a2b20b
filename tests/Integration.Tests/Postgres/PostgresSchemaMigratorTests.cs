using CustomerService.Silo.Hosting.Storage;
using Npgsql;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>The migrator against a real, empty PostgreSQL database per test.</summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresSchemaMigratorTests : IAsyncLifetime
{
    // Only so that a migration that never queues on the lock fails the test instead of hanging the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    // A script one above this build's, as a later build would ship it.
    private static readonly int NextVersion = PostgresSchemaScripts.RequiredVersion + 1;
    private static readonly PostgresSchemaScript NextScript = PostgresSchemaScript.Create(
        $"{NextVersion:0000}_test_marker.sql", "CREATE TABLE test_marker (id integer NOT NULL PRIMARY KEY);\n");

    private readonly PostgresTestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryScriptInOrderAndRecordsTheirChecksums()
    {
        var migrator = new PostgresSchemaMigrator(_database.OwnerDataSource());

        var result = await migrator.MigrateAsync(Ct);

        Assert.Equal(["0001_orleans_storage.sql", "0002_orleans_reminders.sql", "0003_conversation_records.sql"], result.Applied.Select(s => s.Name));
        Assert.Equal((0, 3), (result.VersionBefore, result.VersionAfter));
        Assert.Equal(
            PostgresSchemaScripts.All.Select(s => (s.Version, s.Name, s.Checksum)),
            await ReadSchemaVersionAsync());
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesEveryQueryTheProvidersRead()
    {
        await new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);

        Assert.Equal(
            [
                "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey",
                "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
                "WriteToStorageKey",
            ],
            await QueryStringsAsync("SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\";"));
    }

    // Npgsql 6+ writes a UTC DateTime as timestamptz, and Orleans reminders broke on `timestamp` (dotnet/orleans#7424):
    // every time column of every table the scripts create must have a time zone, and the schema must have some.
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_EveryTimestampColumnHasATimeZone()
    {
        await new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);

        await using var command = _database.OwnerDataSource().CreateCommand("""
            SELECT table_name || '.' || column_name, data_type
              FROM information_schema.columns
             WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'
             ORDER BY 1;
            """);
        var columns = new List<(string Column, string Type)>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(columns, c => c.Column == "reminder.start_time");
        Assert.Contains(columns, c => c.Column == "messages.occurred_at");
        Assert.All(columns, c => Assert.Equal((c.Column, "timestamp with time zone"), c));
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothingAndKeepsTheRecords()
    {
        var migrator = new PostgresSchemaMigrator(_database.OwnerDataSource());
        await migrator.MigrateAsync(Ct);
        var recordedAt = await QueryStringsAsync("SELECT applied_at::text FROM schema_version ORDER BY version;");

        var second = await migrator.MigrateAsync(Ct);

        Assert.Empty(second.Applied);
        Assert.Equal((3, 3), (second.VersionBefore, second.VersionAfter));
        Assert.Equal(recordedAt, await QueryStringsAsync("SELECT applied_at::text FROM schema_version ORDER BY version;"));
    }

    [Fact]
    public async Task MigrateAsync_NewScriptInALaterBuild_AppliesOnlyThatScript()
    {
        await new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);

        var result = await new PostgresSchemaMigrator(_database.OwnerDataSource(), [.. PostgresSchemaScripts.All, NextScript]).MigrateAsync(Ct);

        Assert.Equal([NextScript.Name], result.Applied.Select(s => s.Name));
        Assert.Equal((NextVersion - 1, NextVersion), (result.VersionBefore, result.VersionAfter));
        Assert.True(await TableExistsAsync("test_marker"));
    }

    // Both runs are made to queue on the advisory lock while the test holds it, so they really contend: without the
    // lock both would read an empty schema_version and the second would fail on tables the first created.
    [Fact]
    public async Task MigrateAsync_TwoRunsAtOnce_ApplyEachScriptOnce()
    {
        await using var holder = await _database.OwnerDataSource().OpenConnectionAsync(Ct);
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PostgresSchemaMigrator.AdvisoryLockKey});");
        var first = new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);
        var second = new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);
        await WaitForLockWaitersAsync(holder, 2);

        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresSchemaMigrator.AdvisoryLockKey});");
        var results = await Task.WhenAll(first, second);

        Assert.Equal([0, PostgresSchemaScripts.All.Count], results.Select(r => r.Applied.Count).Order());
        Assert.Equal(PostgresSchemaScripts.All.Count, (await ReadSchemaVersionAsync()).Count);
    }

    [Fact]
    public async Task MigrateAsync_AppliedScriptWasEdited_RefusesAndAppliesNothing()
    {
        await new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);
        var original = PostgresSchemaScripts.All[0];
        var edited = PostgresSchemaScript.Create(original.Name, original.Text + "\n-- an edit after release\n");
        var migrator = new PostgresSchemaMigrator(_database.OwnerDataSource(), [edited, .. PostgresSchemaScripts.All.Skip(1), NextScript]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(Ct));

        Assert.Contains($"'{original.Name}' (checksum {edited.Checksum}) does not match version 1", error.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("test_marker"));
        Assert.Equal(PostgresSchemaScripts.All.Count, (await ReadSchemaVersionAsync()).Count);
    }

    [Fact]
    public async Task MigrateAsync_RecordedChecksumDiffers_Refuses()
    {
        await new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct);
        await using (var owner = await _database.OwnerDataSource().OpenConnectionAsync(Ct))
        {
            await ExecuteAsync(owner, "UPDATE schema_version SET checksum = repeat('0', 64) WHERE version = 2;");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new PostgresSchemaMigrator(_database.OwnerDataSource()).MigrateAsync(Ct));

        Assert.Contains("does not match version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_FailingScript_RollsBackEveryScriptOfTheRun()
    {
        var failing = PostgresSchemaScript.Create($"{NextVersion:0000}_failing.sql", "CREATE TABLE test_marker (id integer);\nSELECT 1 / 0;\n");
        var migrator = new PostgresSchemaMigrator(_database.OwnerDataSource(), [.. PostgresSchemaScripts.All, failing]);

        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(Ct));

        Assert.Equal(0, await PostgresSchemaMigrator.ReadVersionAsync(_database.OwnerDataSource(), Ct));
        Assert.False(await TableExistsAsync("grain_state"));
    }

    [Fact]
    public async Task MigrateAsync_AsTheDataRole_IsRefusedByTheServer()
    {
        var migrator = new PostgresSchemaMigrator(_database.DataDataSource());

        var error = await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(Ct));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task ReadVersionAsync_EmptyDatabase_ReturnsZero()
    {
        Assert.Equal(0, await PostgresSchemaMigrator.ReadVersionAsync(_database.DataDataSource(), Ct));
    }

    [Fact]
    public async Task ReadVersionAsync_AsTheDataRoleAfterMigrate_ReturnsTheBuildsVersion()
    {
        await _database.MigrateAsync();

        Assert.Equal(PostgresSchemaScripts.RequiredVersion, await PostgresSchemaMigrator.ReadVersionAsync(_database.DataDataSource(), Ct));
    }

    private async Task<List<(int Version, string Name, string Checksum)>> ReadSchemaVersionAsync()
    {
        await using var connection = await _database.OwnerDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_version ORDER BY version;", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(int, string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var connection = await _database.OwnerDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = await _database.OwnerDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL;", connection);
        command.Parameters.AddWithValue("table", table);
        return await command.ExecuteScalarAsync(Ct) is true;
    }

    // Waits (bounded) until the given number of sessions of this database wait for the migrator's advisory lock.
    // pg_locks shows a bigint key split into its high (classid) and low (objid) 32 bits.
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection connection, int count)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(HangGuard);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
             WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid::bigint = (@key >> 32) AND objid::bigint = (@key & 4294967295) AND objsubid = 1;
            """,
            connection);
        command.Parameters.AddWithValue("key", PostgresSchemaMigrator.AdvisoryLockKey);
        while (Convert.ToInt32(await command.ExecuteScalarAsync(guard.Token), System.Globalization.CultureInfo.InvariantCulture) < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), guard.Token);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
