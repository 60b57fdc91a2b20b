using System.Text;
using System.Text.Json;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Npgsql;
using Orleans.Storage;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// Conversation state and Orleans' grain storage contract on PostgreSQL (the statements of
/// <c>0001_orleans_storage.sql</c>), with the silo connected as the data-only role.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresConversationStorageTests(PostgresConversationFixture fixture) : IClassFixture<PostgresConversationFixture>
{
    private const string FaqQuestion = "什么时候发货";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordInbound_FaqQuestion_StoresTheConversationAsPlainJson()
    {
        var key = ConversationCluster.NewKey();

        await fixture.Conversations.Conversation(key).RecordInboundAsync(Pushes.Text(FaqQuestion, "msg:1"));

        var row = await fixture.ReadRowAsync(key.ToString());
        Assert.NotNull(row?.Payload);
        using var json = JsonDocument.Parse(row.Payload);
        var message = Assert.Single(json.RootElement.GetProperty("Messages").EnumerateArray());
        Assert.Equal(
            ("msg:1", SampleFaq.AnswerOf(FaqQuestion), "faq"),
            (message.GetProperty("DedupId").GetString(), message.GetProperty("Answer").GetString(), message.GetProperty("AnswerSource").GetString()));
        Assert.DoesNotContain("$type", Encoding.UTF8.GetString(row.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSnapshot_AfterDeactivation_ReadsTheConversationBackFromPostgres()
    {
        var key = ConversationCluster.NewKey();
        var grain = fixture.Conversations.Conversation(key);
        await grain.RecordInboundAsync(Pushes.Text(FaqQuestion, "msg:2"));
        await grain.ClaimPassiveReplyAsync("msg:2");
        var before = await grain.GetSnapshotAsync();

        await fixture.Conversations.DeactivateAsync(grain);
        var after = await grain.GetSnapshotAsync();

        Assert.Equal(
            new MessageView { DedupId = "msg:2", Status = MessageStatus.Delivered, Attempts = 1, Answer = SampleFaq.AnswerOf(FaqQuestion), AnswerSource = "faq", Delivery = DeliveryState.Delivered },
            Assert.Single(after.Messages));
        Assert.Equal<MessageView>(before.Messages, after.Messages);
        Assert.Equal<ChatTurn>(before.History, after.History);
    }

    [Fact]
    public async Task Silo_ConnectsAsTheDataOnlyRole()
    {
        await fixture.Conversations.Conversation(ConversationCluster.NewKey()).RecordInboundAsync(Pushes.Text(FaqQuestion, "msg:3"));

        await using var connection = await fixture.Database.OwnerDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT usename::text FROM pg_stat_activity WHERE datname = current_database() AND application_name = @application;",
            connection);
        command.Parameters.AddWithValue("application", PostgresStorage.ApplicationName);
        var role = await command.ExecuteScalarAsync(Ct);

        Assert.Equal(new NpgsqlConnectionStringBuilder(fixture.Database.DataConnectionString).Username, role);
    }

    [Fact]
    public async Task CreateTable_AsTheSilosDataOnlyRole_IsRefused()
    {
        await using var connection = await fixture.Database.DataDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("CREATE TABLE not_allowed (id integer);", connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task WriteState_SecondWrite_MovesTheVersionOn()
    {
        var key = NewKey();
        var storage = fixture.Storage(StorageNames.GrainState);
        var state = new GrainState<StorageTestState>(new StorageTestState { Note = "first" });
        await storage.WriteStateAsync("note", StorageGrainId(key), state);

        state.State = new StorageTestState { Note = "second" };
        await storage.WriteStateAsync("note", StorageGrainId(key), state);

        Assert.Equal("2", state.ETag);
        Assert.Equal(2L, (await fixture.ReadRowAsync(key))?.Version);
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsInconsistentStateException()
    {
        var grainId = StorageGrainId(NewKey());
        var storage = fixture.Storage(StorageNames.GrainState);
        var current = new GrainState<StorageTestState>(new StorageTestState { Note = "v1" });
        await storage.WriteStateAsync("note", grainId, current);
        var stale = new GrainState<StorageTestState>(new StorageTestState { Note = "stale" }, current.ETag);
        await storage.WriteStateAsync("note", grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, stale));
    }

    [Fact]
    public async Task WriteState_RowExistsAndNoETag_ThrowsInconsistentStateException()
    {
        var grainId = StorageGrainId(NewKey());
        var storage = fixture.Storage(StorageNames.GrainState);
        await storage.WriteStateAsync("note", grainId, new GrainState<StorageTestState>(new StorageTestState { Note = "first" }));
        var duplicate = new GrainState<StorageTestState>(new StorageTestState { Note = "second activation" });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, duplicate));
    }

    [Fact]
    public async Task ReadState_AfterWrite_ReadsTheStateAndETag()
    {
        var grainId = StorageGrainId(NewKey());
        var storage = fixture.Storage(StorageNames.GrainState);
        await storage.WriteStateAsync("note", grainId, new GrainState<StorageTestState>(new StorageTestState { Note = "你好" }));
        var read = new GrainState<StorageTestState>();

        await storage.ReadStateAsync("note", grainId, read);

        Assert.Equal(("你好", "1", true), (read.State?.Note, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task ClearState_WithoutDeleteOnClear_KeepsTheRowWithoutPayloadAndMovesTheVersionOn()
    {
        var key = NewKey();
        var storage = fixture.Storage(StorageNames.GrainState);
        var state = new GrainState<StorageTestState>(new StorageTestState { Note = "to be cleared" });
        await storage.WriteStateAsync("note", StorageGrainId(key), state);

        await storage.ClearStateAsync("note", StorageGrainId(key), state);

        Assert.Equal(new StoredRow(null, 2), await fixture.ReadRowAsync(key));
        Assert.Equal("2", state.ETag);
    }

    [Fact]
    public async Task ClearState_DeleteOnClear_RemovesTheRowAndTheETag()
    {
        var key = NewKey();
        var storage = fixture.Storage(PostgresConversationFixture.DeletingProviderName);
        var state = new GrainState<StorageTestState>(new StorageTestState { Note = "to be deleted" });
        await storage.WriteStateAsync("note", StorageGrainId(key), state);

        await storage.ClearStateAsync("note", StorageGrainId(key), state);

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Null(await fixture.ReadRowAsync(key));
    }

    private static string NewKey() => "note-" + Guid.NewGuid().ToString("N");

    // A string key that the provider cannot take for an integer or GUID key, so that the whole key lands in
    // grain_id_extension, where ReadRowAsync looks for it.
    private static GrainId StorageGrainId(string key) => GrainId.Create("postgres-storage-test", key);
}
