using CustomerService.Grains.Records;
using CustomerService.Grains.Tests.Storage;
using CustomerService.Silo.Hosting.Records;
using CustomerService.Silo.Hosting.Storage;
using CustomerService.Tests.Contracts;

namespace CustomerService.Grains.Tests.Records;

/// <summary>The records store contract on the embedded default's SQLite records file (a fresh file per test).</summary>
public sealed class SqliteRecordStoreTests : RecordStoreContract, IDisposable
{
    private readonly TemporarySqliteDatabase _file = new();
    private readonly SqliteConversationRecordStore _store;

    public SqliteRecordStoreTests()
    {
        SqliteSchemaInitializer.EnsureRecordsSchema(_file.ConnectionString);
        _store = new SqliteConversationRecordStore(_file.ConnectionString, TimeSpan.FromSeconds(5));
    }

    protected override IConversationRecordStore Store => _store;

    [Fact]
    public void EnsureRecordsSchema_FileOfItsOwn_IsInWriteAheadLogMode()
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public void IsRefusal_ConstraintFromTheFile_TrueAndABusyFile_False()
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE refusal_probe (x INTEGER CHECK (x > 0)); INSERT INTO refusal_probe VALUES (0);";
        var constraint = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQuery());

        Assert.Equal(19, constraint.SqliteErrorCode);
        Assert.True(_store.IsRefusal(constraint));
        Assert.False(_store.IsRefusal(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(_store.IsRefusal(new IOException("disk")));
    }

    public void Dispose()
    {
        _store.Dispose();
        _file.Dispose();
    }
}
