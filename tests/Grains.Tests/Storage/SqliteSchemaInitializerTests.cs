using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Grains.Tests.Storage;

public sealed class SqliteSchemaInitializerTests : IDisposable
{
    private const string StorageScript = "0001_orleans_storage.sql";

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
    public void EnsureSchema_NewDatabase_RegistersStorageQueries()
    {
        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);

        Assert.Equal(
            ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"],
            QueryStrings("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey;"));
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
