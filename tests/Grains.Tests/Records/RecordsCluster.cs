using System.Text;
using System.Text.Json;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Grains.Tests.Storage;
using CustomerService.Silo.Hosting.Records;
using CustomerService.Silo.Hosting.Storage;
using CustomerService.Tests.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Grains.Tests.Records;

/// <summary>
/// Conversation grains on SQLite grain storage and reminders (<see cref="SqliteConversationCluster"/>), recording into
/// a real SQLite records file of their own through the silo's real writer. The store is observed, so tests await the
/// writes they expect. Reminders and the writer's retries are fast here (1 s), and a locked file fails a write after
/// about a second.
/// </summary>
public sealed class RecordsCluster : IAsyncLifetime
{
    private readonly TemporarySqliteDatabase _records = new();
    private readonly SqliteConversationRecordStore _store;

    /// <param name="configureSilo">More configuration for every silo (for example push delivery).</param>
    public RecordsCluster(Action<ISiloBuilder>? configureSilo = null)
    {
        SqliteSchemaInitializer.EnsureRecordsSchema(_records.ConnectionString);
        _store = new SqliteConversationRecordStore(_records.ConnectionString, TimeSpan.FromMilliseconds(200));
        Store = new ObservedRecordStore(_store);
        var store = Store;
        var records = _records.ConnectionString;
        Conversations = new SqliteConversationCluster
        {
            ConfigureSilo = silo =>
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                var services = silo.Services;
                services.AddSingleton<IConversationRecordStore>(sp => store.For(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()));
                services.AddSqliteConversationRecords(records, Conversations!.ConnectionString);
                services.Configure<RecordOptions>(o =>
                {
                    o.ReminderPeriodSeconds = 1;
                    o.RetryMaxDelaySeconds = 1;
                });
                configureSilo?.Invoke(silo);
            },
        };
    }

    public SqliteConversationCluster Conversations { get; }

    public ObservedRecordStore Store { get; }

    public string RecordsConnectionString => _records.ConnectionString;

    public IConversationRecordsGrain Records => Conversations.Cluster.Client.GetGrain<IConversationRecordsGrain>(0);

    public ValueTask InitializeAsync() => Conversations.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Conversations.DisposeAsync();
        _store.Dispose();
        _records.Dispose();
    }

    /// <summary>Holds the records file's write lock, as another process would, until disposed: writes of the store fail.</summary>
    public SqliteConnection LockRecordsFile()
    {
        // Not pooled: disposing closes the file, which ends the transaction and releases the lock (a pooled
        // connection would go back to the pool still holding it).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_records.ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The record rows in the conversation's stored state (grain_state, as the silo wrote it).</summary>
    public IReadOnlyList<(string Direction, string MessageId)> StoredPendingRecords(ConversationKey key)
    {
        using var connection = new SqliteConnection(Conversations.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_id_extension = $key;";
        command.Parameters.AddWithValue("$key", key.ToString());
        var payload = command.ExecuteScalar() as byte[] ?? throw new InvalidOperationException($"No stored state for {key}.");
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(payload));
        return [.. json.RootElement.GetProperty("PendingRecords").EnumerateArray()
            .Select(r => (Direction(r.GetProperty("Direction")), r.GetProperty("MessageId").GetString()!))];
    }

    private static string Direction(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? RecordColumnValues.Of((RecordDirection)value.GetInt32())
            : RecordColumnValues.Of(Enum.Parse<RecordDirection>(value.GetString()!));

    /// <summary>Deactivates the conversation and waits until it is gone, so that its state is written.</summary>
    public async Task DeactivateAsync(ConversationKey key)
    {
        var grain = Conversations.Conversation(key);
        var deactivated = Conversations.Cluster.WaitForDeactivationAsync(grain);
        await Conversations.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await deactivated;
    }

    /// <summary>Every message row of the conversation, through the silo's records grain.</summary>
    public async Task<IReadOnlyList<RecordedMessage>> MessagesAsync(ConversationKey key)
    {
        var page = await Records.ListMessagesAsync(key, null, RecordPaging.MaxLimit);
        Assert.Null(page.Next);
        return page.Items;
    }
}
