using CustomerService.Grains.Records;
using CustomerService.Integration.Tests.Postgres;
using CustomerService.Silo.Hosting.Records;
using CustomerService.Tests.Contracts;

namespace CustomerService.Integration.Tests.Records;

/// <summary>
/// The records store contract on PostgreSQL (0003_conversation_records.sql), run as the data-only role a silo uses, so
/// that the default privileges are shown to cover the tables and the identity sequence. A fresh database per test.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresRecordStoreTests : RecordStoreContract, IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private PostgresConversationRecordStore _store = null!;

    protected override IConversationRecordStore Store => _store;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _store = new PostgresConversationRecordStore(_database.DataDataSource());
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
