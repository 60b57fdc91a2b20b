using System.Text;
using System.Text.Json;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;
using CustomerService.Silo.Hosting.Records;
using CustomerService.Silo.Hosting.Storage;
using CustomerService.Tests.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Integration.Tests.Records;

/// <summary>
/// Conversation grains with PostgreSQL grain state and reminders, as the data-only role, recording through the silo's
/// real writer into the same database's <c>messages</c> table. The records store reaches the server through a
/// <see cref="TcpRelay"/>, so that a test can make the records database unreachable while grain state stays up.
/// </summary>
public sealed class PostgresRecordsCluster : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private NpgsqlDataSource _relayed = null!;

    public ConversationCluster Silos { get; private set; } = null!;

    public ObservedRecordStore Store { get; private set; } = null!;

    public TcpRelay Relay { get; private set; } = null!;

    public PostgresTestDatabase Database => _database;

    public IConversationRecordsGrain Records => Silos.Cluster.Client.GetGrain<IConversationRecordsGrain>(0);

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        var data = new NpgsqlConnectionStringBuilder(_database.DataConnectionString);
        Relay = new TcpRelay(data.Port);
        Relay.Start();
        data.Port = Relay.Port;
        // A failed connection attempt through a stopped relay must fail fast, not wait out the default 15 s.
        data.Timeout = 3;
        _relayed = NpgsqlDataSource.Create(data.ConnectionString);
        var store = Store = new ObservedRecordStore(new PostgresConversationRecordStore(_relayed));
        var direct = _database.DataConnectionString;
        Silos = await ConversationCluster.StartAsync(
            silo => silo.UsePostgresStorage(StorageNames.GrainState, direct, PostgresStorage.DefaultMaxPoolSize),
            silo =>
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                var services = silo.Services;
                services.AddSingleton<IConversationRecordStore>(sp => store.For(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()));
                services.AddPostgresConversationRecords();
                services.Configure<RecordOptions>(o =>
                {
                    o.ReminderPeriodSeconds = 1;
                    o.RetryMaxDelaySeconds = 1;
                });
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (Silos is not null)
        {
            await Silos.DisposeAsync();
        }

        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        if (_relayed is not null)
        {
            await _relayed.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    /// <summary>The record rows in the conversation's stored state (grain_state, as the silo wrote it).</summary>
    public async Task<IReadOnlyList<(string Direction, string MessageId)>> StoredPendingRecordsAsync(ConversationKey key)
    {
        await using var command = _database.OwnerDataSource().CreateCommand("SELECT payload FROM grain_state WHERE grain_id_extension = @key;");
        command.Parameters.AddWithValue("key", key.ToString());
        var payload = await command.ExecuteScalarAsync() as byte[] ?? throw new InvalidOperationException($"No stored state for {key}.");
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(payload));
        return [.. json.RootElement.GetProperty("PendingRecords").EnumerateArray()
            .Select(r => (Direction(r.GetProperty("Direction")), r.GetProperty("MessageId").GetString()!))];
    }

    /// <summary>Every message row of the conversation, through the silo's records grain.</summary>
    public async Task<IReadOnlyList<RecordedMessage>> MessagesAsync(ConversationKey key)
    {
        var page = await Records.ListMessagesAsync(key, null, RecordPaging.MaxLimit);
        Assert.Null(page.Next);
        return page.Items;
    }

    private static string Direction(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? RecordColumnValues.Of((RecordDirection)value.GetInt32())
            : RecordColumnValues.Of(Enum.Parse<RecordDirection>(value.GetString()!));
}
