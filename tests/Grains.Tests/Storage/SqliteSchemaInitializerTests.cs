using System.Reflection;
using CustomerService.Silo.Hosting.Storage;
using Orleans.Configuration;

namespace CustomerService.Grains.Tests.Storage;

public sealed class SqliteSchemaInitializerTests : IDisposable
{
    private const string StorageScript = "0001_orleans_storage.sql";
    private const string RemindersScript = "0002_orleans_reminders.sql";

    private readonly TemporarySqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void EnsureSchema_CalledTwice_RecordsOneRowPerScript()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        var expected = typeof(SqliteSchemaInitializer).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("CustomerService.Silo.Sql.Sqlite.", StringComparison.Ordinal))
            .Select(n => n["CustomerService.Silo.Sql.Sqlite.".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(StorageScript, expected);
        Assert.Contains(RemindersScript, expected);
        Assert.Equal(expected, QueryStrings("SELECT script_name FROM schema_version ORDER BY version;"));
    }

    [Fact]
    public void EnsureSchema_RecordedChecksumChanged_ThrowsNamingScript()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);
        Execute($"UPDATE schema_version SET checksum = 'edited' WHERE script_name = '{StorageScript}';");

        var error = Assert.Throws<InvalidOperationException>(() => SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString));

        Assert.Contains($"'{StorageScript}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSchema_NewDatabase_UsesWalJournalMode()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        Assert.Equal(["wal"], QueryStrings("PRAGMA journal_mode;"));
    }

    [Fact]
    public void EnsureSchema_NewDatabase_RegistersStorageAndReminderQueries()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        Assert.Equal(
            [
                "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey",
                "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
                "WriteToStorageKey",
            ],
            QueryStrings("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey;"));
    }

    // The reminder provider refuses to start unless every query its DbStoredQueries declares is in OrleansQuery; read
    // that list from the provider itself, so that an Orleans upgrade that adds a query fails here rather than at start.
    [Fact]
    public void EnsureSchema_NewDatabase_RegistersEveryQueryTheReminderProviderRequires()
    {
        var required = typeof(AdoNetReminderTableOptions).Assembly
            .GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        Assert.Equal(7, required.Count);
        Assert.Superset(required, QueryStrings("SELECT QueryKey FROM OrleansQuery;").ToHashSet(StringComparer.Ordinal));
    }

    // A file created before the reminders script existed holds only version 1: the next start adds version 2.
    [Fact]
    public void EnsureSchema_DatabaseFromBeforeRemindersScript_AppliesRemindersScript()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);
        Execute("""
            DROP TABLE reminder;
            DELETE FROM OrleansQuery WHERE QueryKey LIKE '%Reminder%' OR QueryKey LIKE 'ReadRange%';
            DELETE FROM schema_version WHERE version = 2;
            """);

        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        Assert.Equal([StorageScript, RemindersScript], QueryStrings("SELECT script_name FROM schema_version ORDER BY version;"));
        Assert.Equal(["reminder"], QueryStrings("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'reminder';"));
    }

    [Fact]
    public void BuildConnectionString_MissingDirectory_CreatesDirectory()
    {
        var directory = Path.Combine(_database.DirectoryPath, "nested");

        var connectionString = SqliteSchemaInitializer.BuildConnectionString(directory);

        Assert.True(Directory.Exists(directory));
        Assert.Contains(Path.Combine(directory, SqliteSchemaInitializer.DefaultFileName), connectionString, StringComparison.Ordinal);
    }

    private void Execute(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> QueryStrings(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
