using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// The embedded default (SQLite) and production (PostgreSQL) store a conversation's state as the same System.Text.Json
/// bytes, so state can move between them and a serializer change shows up as a difference here.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class StateJsonRoundTripTests : IAsyncLifetime
{
    private const int Exchanges = 10;

    private readonly PostgresTestDatabase _postgres = new();
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "cs-roundtrip-" + Guid.NewGuid().ToString("N"));
    private ConversationCluster? _onPostgres;
    private ConversationCluster? _onSqlite;
    private string _sqliteConnectionString = null!;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _postgres.MigrateAsync();
        var postgres = _postgres.DataConnectionString;
        _onPostgres = await ConversationCluster.StartAsync(
            silo => silo.UsePostgresStorage(StorageNames.GrainState, postgres, PostgresStorage.DefaultMaxPoolSize));

        var sqlite = SqliteSchemaInitializer.BuildConnectionString(_sqliteDirectory);
        _sqliteConnectionString = sqlite;
        SqliteSchemaInitializer.EnsureSchema(sqlite);
        _onSqlite = await ConversationCluster.StartAsync(silo =>
        {
            silo.AddSqliteGrainStorage(StorageNames.GrainState, sqlite);
            silo.UseSqliteReminderService(sqlite);
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_onSqlite is not null)
        {
            await _onSqlite.DisposeAsync();
        }

        if (_onPostgres is not null)
        {
            await _onPostgres.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task WriteState_SameExchangesOnSqliteAndPostgres_StoresTheSameJson()
    {
        var key = ConversationCluster.NewKey();
        await RunExchangesAsync(_onPostgres!, key);
        await RunExchangesAsync(_onSqlite!, key);

        var fromPostgres = await ReadPostgresPayloadAsync(key);
        var fromSqlite = ReadSqlitePayload(key);

        using var json = JsonDocument.Parse(fromPostgres);
        Assert.Equal(
            SampleFaq.AnswerOf(SampleFaq.Questions(Exchanges)[^1]),
            json.RootElement.GetProperty("Messages")[Exchanges - 1].GetProperty("Answer").GetString());
        Assert.Equal(WithoutReportMarkers(fromSqlite), WithoutReportMarkers(fromPostgres));
    }

    // ReportedDelivery is set by the conversation's asynchronous report to the account's counts, which may or may
    // not have been written when the payload is read: it depends on timing, not on the storage or its serializer.
    private static string WithoutReportMarkers(string payload)
    {
        var root = JsonNode.Parse(payload)!;
        foreach (var message in root["Messages"]!.AsArray())
        {
            message!.AsObject().Remove("ReportedDelivery");
        }

        return root.ToJsonString();
    }

    [Fact]
    public async Task GetSnapshot_AfterDeactivationOnEach_ReadsTheSameConversationBack()
    {
        var key = ConversationCluster.NewKey();
        await RunExchangesAsync(_onPostgres!, key);
        await RunExchangesAsync(_onSqlite!, key);

        var fromPostgres = await ReadBackAsync(_onPostgres!, key);
        var fromSqlite = await ReadBackAsync(_onSqlite!, key);

        Assert.Equal(Exchanges, fromPostgres.Messages.Length);
        Assert.All(fromPostgres.Messages, m => Assert.Equal((MessageStatus.Delivered, "faq"), (m.Status, m.AnswerSource)));
        Assert.Equal<MessageView>(fromSqlite.Messages, fromPostgres.Messages);
        Assert.Equal<ChatTurn>(fromSqlite.History, fromPostgres.History);
        Assert.Equal(fromSqlite.LastUserMessageAt, fromPostgres.LastUserMessageAt);
    }

    // Ten FAQ questions, each answered and its passive reply claimed, a minute apart on the cluster's own fake clock
    // (both clusters' clocks start at the same instant), with fixed message ids: the state depends on nothing else.
    private static async Task RunExchangesAsync(ConversationCluster cluster, ConversationKey key)
    {
        var grain = cluster.Conversation(key);
        var questions = SampleFaq.Questions(Exchanges);
        for (var i = 0; i < questions.Count; i++)
        {
            var dedupId = $"msg:{i + 1}";
            await grain.RecordInboundAsync(Pushes.Text(questions[i], dedupId));
            await grain.ClaimPassiveReplyAsync(dedupId);
            cluster.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static async Task<ConversationSnapshot> ReadBackAsync(ConversationCluster cluster, ConversationKey key)
    {
        var grain = cluster.Conversation(key);
        await cluster.DeactivateAsync(grain);
        return await grain.GetSnapshotAsync();
    }

    private async Task<string> ReadPostgresPayloadAsync(ConversationKey key)
    {
        await using var connection = await _postgres.OwnerDataSource().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT payload FROM grain_state WHERE grain_id_extension = @key;", connection);
        command.Parameters.AddWithValue("key", key.ToString());
        var payload = await command.ExecuteScalarAsync() as byte[];
        return Encoding.UTF8.GetString(payload ?? throw new InvalidOperationException($"No PostgreSQL row for {key}."));
    }

    private string ReadSqlitePayload(ConversationKey key)
    {
        using var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_id_extension = $key;";
        command.Parameters.AddWithValue("$key", key.ToString());
        var payload = command.ExecuteScalar() as byte[];
        return Encoding.UTF8.GetString(payload ?? throw new InvalidOperationException($"No SQLite row for {key}."));
    }
}
