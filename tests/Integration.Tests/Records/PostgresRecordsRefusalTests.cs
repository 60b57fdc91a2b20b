using CustomerService.Grains.Interfaces.Records;
using CustomerService.Integration.Tests.Hosting;
using Npgsql;

namespace CustomerService.Integration.Tests.Records;

/// <summary>
/// Rows PostgreSQL would refuse never stop a silo's records: a user's NUL character is stored as U+FFFD, and a row
/// the database refuses for its data (here a CHECK constraint the test adds as the owner) is dropped alone, while the
/// rest of its batch and every later batch are written.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresRecordsRefusalTests : IAsyncLifetime
{
    private readonly PostgresRecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Records_UserTextWithANulCharacter_StoredWithAReplacementAndLaterRowsStillWritten()
    {
        var key = ConversationCluster.NewKey();
        var question = SampleFaq.Questions(1)[0];
        var withNul = Pushes.Text("a\0b", "msg:nul-1");
        var next = Pushes.Text(question, "msg:nul-2");

        await _cluster.Silos.Conversation(key).RecordInboundAsync(withNul);
        await _cluster.Silos.Conversation(key).RecordInboundAsync(next);
        await _cluster.Store.WaitForReplyAsync(key, next.DedupId, RecordDeliveryState.Delivered);

        var inbound = (await _cluster.MessagesAsync(key)).Where(m => m.Direction == RecordDirection.Inbound);
        Assert.Equal([(withNul.DedupId, (string?)"a\uFFFDb"), (next.DedupId, question)], inbound.Select(m => (m.MessageId, m.Text)));
        Assert.Equal(0, _cluster.Store.Failures);
    }

    [Fact]
    public async Task Records_ARowTheDatabaseRefuses_DroppedAloneAndTheConversationsRecordsGoOn()
    {
        await using (var owner = _cluster.Database.OwnerDataSource().CreateCommand(
            "ALTER TABLE messages ADD CONSTRAINT ck_test_refused CHECK (text IS NULL OR text NOT LIKE '%拒收%');"))
        {
            await owner.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var key = ConversationCluster.NewKey();
        var question = SampleFaq.Questions(1)[0];
        var refused = Pushes.Text("拒收测试", "msg:refused-1");
        var next = Pushes.Text(question, "msg:refused-2");

        await _cluster.Silos.Conversation(key).RecordInboundAsync(refused);
        await _cluster.Silos.Conversation(key).RecordInboundAsync(next);
        await _cluster.Store.WaitForReplyAsync(key, next.DedupId, RecordDeliveryState.Delivered);

        var rows = (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId)).ToList();
        Assert.DoesNotContain((RecordDirection.Inbound, refused.DedupId), rows);
        Assert.Contains((RecordDirection.Inbound, next.DedupId), rows);
        Assert.Contains((RecordDirection.Outbound, next.DedupId), rows);
        // The refused row's batch failed once; a writer that retried it would never have reached the next rows.
        Assert.True(_cluster.Store.Failures > 0, "the database refused no batch: the test's constraint did not apply");
    }

    [Fact]
    public async Task IsRefusal_DataErrorFromTheServer_TrueAndAnUnreachableServer_False()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new CustomerService.Silo.Hosting.Records.PostgresConversationRecordStore(_cluster.Database.DataDataSource());
        await using var nul = _cluster.Database.DataDataSource().CreateCommand("SELECT convert_from('\\x610062'::bytea, 'UTF8');");
        var dataError = await Assert.ThrowsAsync<PostgresException>(() => nul.ExecuteScalarAsync(ct));
        var closed = new NpgsqlConnectionStringBuilder(_cluster.Database.DataConnectionString) { Port = ClosedPort(), Timeout = 2 };
        await using var unreachable = NpgsqlDataSource.Create(closed.ConnectionString);
        var connectError = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await unreachable.OpenConnectionAsync(ct));

        Assert.Equal("22021", dataError.SqlState);
        Assert.True(store.IsRefusal(dataError));
        // A schema that disagrees with this release refuses every row alike: kept and retried, never dropped.
        Assert.False(store.IsRefusal(new PostgresException("null value in column", "ERROR", "ERROR", PostgresErrorCodes.NotNullViolation)));
        Assert.False(store.IsRefusal(connectError));
        Assert.False(store.IsRefusal(new TimeoutException()));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
