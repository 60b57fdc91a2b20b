using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Integration.Tests.Hosting;

namespace CustomerService.Integration.Tests.Records;

/// <summary>
/// The retention purge on PostgreSQL: idle conversation states go by their row's <c>modified_at</c> (timestamptz),
/// recent ones and other grains' states stay, and so do recent records.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresRetentionTests : IAsyncLifetime
{
    private readonly PostgresRecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_IdleConversationState_DeletedAndRecentStateAndRecordsKept()
    {
        var questions = SampleFaq.Questions(2);
        var idle = ConversationCluster.NewKey();
        var active = ConversationCluster.NewKey();
        await _cluster.Silos.Conversation(idle).RecordInboundAsync(Pushes.Text(questions[0], "msg:idle"));
        await _cluster.Silos.Conversation(active).RecordInboundAsync(Pushes.Text(questions[1], "msg:active"));
        await _cluster.Store.WaitForReplyAsync(idle, "msg:idle", RecordDeliveryState.Delivered);
        await _cluster.Store.WaitForReplyAsync(active, "msg:active", RecordDeliveryState.Delivered);
        await _cluster.Silos.DeactivateAsync(_cluster.Silos.Conversation(idle));
        await _cluster.Silos.DeactivateAsync(_cluster.Silos.Conversation(active));
        await ExecuteAsync("UPDATE grain_state SET modified_at = now() - interval '200 days' WHERE grain_id_extension <> @active;", active.ToString());

        var result = await _cluster.Silos.Cluster.Client.GetGrain<IRecordRetentionGrain>(0).PurgeAsync();

        Assert.Equal(new RetentionPurgeResult { Messages = 0, Conversations = 0, ConversationStates = 1, MoreLeft = false }, result);
        Assert.Equal([active.ToString()], await ConversationStatesAsync());
        Assert.Empty((await _cluster.Silos.Conversation(idle).GetSnapshotAsync()).Messages);
        Assert.Equal(2, (await _cluster.MessagesAsync(idle)).Count);
    }

    private async Task ExecuteAsync(string sql, string active)
    {
        await using var command = _cluster.Database.OwnerDataSource().CreateCommand(sql);
        command.Parameters.AddWithValue("active", active);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> ConversationStatesAsync()
    {
        await using var command = _cluster.Database.OwnerDataSource().CreateCommand("SELECT grain_id_extension FROM grain_state WHERE grain_type = @type;");
        command.Parameters.AddWithValue("type", StorageNames.ConversationState);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
