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

    public void Dispose()
    {
        _store.Dispose();
        _file.Dispose();
    }
}
