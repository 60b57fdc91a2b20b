using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerService.Grains.Tests.Storage;

/// <summary>A database file in its own folder under the temp path, removed with the folder on dispose.</summary>
internal sealed class TemporarySqliteDatabase : IDisposable
{
    public TemporarySqliteDatabase()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "customerservice-sqlite-" + Guid.NewGuid().ToString("N"));
        ConnectionString = SqliteSchemaInitializer.BuildConnectionString(DirectoryPath);
    }

    public string DirectoryPath { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; close this database's pool before removing its folder.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (Directory.Exists(DirectoryPath))
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
    }
}
