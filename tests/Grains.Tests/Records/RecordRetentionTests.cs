using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Silo.Hosting.Records;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Grains.Tests.Records;

/// <summary>
/// The cluster's one retention job (Storage:RetentionDays, 180 by default) on SQLite: records older than the retention
/// go, and so does the stored state of conversations idle for longer, judged by the state row's own modification
/// time; recent records, recent states and other grains' state stay.
/// </summary>
public sealed class RecordRetentionTests : IAsyncLifetime
{
    private const string FaqQuestion = "什么时候发货";
    private readonly RecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private IRecordRetentionGrain Retention => _cluster.Conversations.Cluster.Client.GetGrain<IRecordRetentionGrain>(0);

    private DateTimeOffset Now => _cluster.Conversations.Time.GetUtcNow();

    [Fact]
    public async Task PurgeAsync_OldRecordsAndIdleConversationState_DeletesThemAndKeepsRecentOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        var oldRecords = SqliteConversationCluster.NewKey();
        var recentRecords = SqliteConversationCluster.NewKey();
        await _cluster.Store.Inner.WriteAsync(
            [
                Row(oldRecords, RecordDirection.Inbound, Now.AddDays(-200), 1),
                Row(oldRecords, RecordDirection.Outbound, Now.AddDays(-200), 2),
                Row(recentRecords, RecordDirection.Inbound, Now.AddDays(-179), 1),
            ],
            ct);
        var idle = await ConverseAndDeactivateAsync();
        var active = await ConverseAndDeactivateAsync();
        var statsKey = new AccountKey(ChannelKind.WeChat, "wxretention00001").ToString();
        await _cluster.Conversations.Cluster.Client.GetGrain<IDeliveryStatsGrain>(statsKey)
            .ReportAsync([new DeliveryReport { ReplyId = "r1", State = DeliveryState.Delivered }]);
        // Every stored state looks idle, except the active conversation's.
        SetStateModifiedAt(Now.AddDays(-200), exceptConversation: active);

        var result = await Retention.PurgeAsync();
        var conversations = await _cluster.Records.ListConversationsAsync(null, RecordPaging.MaxLimit);

        Assert.Equal(new RetentionPurgeResult { Messages = 2, Conversations = 1, ConversationStates = 1, MoreLeft = false }, result);
        Assert.Equal(
            new[] { recentRecords, idle, active }.Select(k => k.ToString()).Order(StringComparer.Ordinal),
            conversations.Items.Select(c => c.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal([active.ToString()], StoredGrainIds(StorageNames.ConversationState));
        Assert.Contains(statsKey, StoredGrainIds("deliveryStats"));
        Assert.Empty((await _cluster.Conversations.Conversation(idle).GetSnapshotAsync()).Messages);
        Assert.Single((await _cluster.Conversations.Conversation(active).GetSnapshotAsync()).Messages);
    }

    [Fact]
    public async Task PurgeAsync_NothingOld_DeletesNothing()
    {
        var key = await ConverseAndDeactivateAsync();

        var result = await Retention.PurgeAsync();

        Assert.Equal(new RetentionPurgeResult { Messages = 0, Conversations = 0, ConversationStates = 0, MoreLeft = false }, result);
        Assert.Equal(2, (await _cluster.MessagesAsync(key)).Count);
    }

    [Fact]
    public async Task SiloStart_RegistersTheRetentionReminderOnceForTheCluster()
    {
        var starter = _cluster.Conversations.Cluster.Silos.Single().ServiceProvider.GetRequiredService<RetentionReminderStarter>();
        await starter.Ensured.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var registered = RetentionReminders();

        // Another silo (another pod) starting asks again: nothing changes.
        await Retention.EnsureScheduledAsync();

        Assert.Single(registered);
        Assert.Equal(registered, RetentionReminders());
    }

    private async Task<ConversationKey> ConverseAndDeactivateAsync()
    {
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);
        await _cluster.Conversations.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);
        await _cluster.DeactivateAsync(key);
        return key;
    }

    private void SetStateModifiedAt(DateTimeOffset at, ConversationKey exceptConversation)
    {
        using var connection = new SqliteConnection(_cluster.Conversations.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE grain_state SET modified_at = $at WHERE grain_id_extension <> $except;";
        command.Parameters.AddWithValue("$at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$except", exceptConversation.ToString());
        command.ExecuteNonQuery();
    }

    private List<string> StoredGrainIds(string grainType) =>
        Query($"SELECT grain_id_extension FROM grain_state WHERE grain_type = '{grainType}';");

    private List<string> RetentionReminders() =>
        Query("SELECT grain_id || ' ' || start_time || ' ' || period_ms FROM reminder WHERE reminder_name = 'retention';");

    private List<string> Query(string sql)
    {
        using var connection = new SqliteConnection(_cluster.Conversations.ConnectionString);
        connection.Open();
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

    private static ConversationRecordRow Row(ConversationKey key, RecordDirection direction, DateTimeOffset at, long revision) => new()
    {
        Conversation = key,
        Direction = direction,
        MessageId = "msg:1",
        Text = "旧消息",
        At = at,
        UpdatedAt = at,
        DeliveryState = direction == RecordDirection.Outbound ? RecordDeliveryState.Delivered : null,
        Revision = revision,
    };
}
