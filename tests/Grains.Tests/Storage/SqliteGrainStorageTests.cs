using System.Text;
using CustomerService.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CustomerService.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    [Fact]
    public async Task SaveNote_AfterDeactivation_ReadsStateFromStorage()
    {
        var grain = NewGrain();
        var written = await grain.SaveNoteAsync("hello");

        await DeactivateAsync(grain);
        var read = await grain.GetAsync();

        Assert.NotEqual(written.ActivationId, read.ActivationId);
        Assert.Equal(new SqliteTestSnapshot { Note = "hello", Revision = 1, ETag = "1", RecordExists = true, ActivationId = read.ActivationId }, read);
    }

    [Fact]
    public async Task SaveNote_SecondWrite_IncrementsVersion()
    {
        var key = NewKey();
        var grain = fixture.Cluster.Client.GetGrain<ISqliteTestGrain>(key);
        await grain.SaveNoteAsync("first");

        var second = await grain.SaveNoteAsync("second");

        Assert.Equal("2", second.ETag);
        Assert.Equal(2L, ReadRow(key)?.Version);
    }

    [Fact]
    public async Task Clear_AfterDeactivation_ReadsDefaultStateWithVersion()
    {
        var grain = NewGrain();
        await grain.SaveNoteAsync("to be cleared");
        await grain.ClearAsync();

        await DeactivateAsync(grain);
        var read = await grain.GetAsync();

        Assert.Equal(new SqliteTestSnapshot { Note = "", Revision = 0, ETag = "2", RecordExists = false, ActivationId = read.ActivationId }, read);
    }

    [Fact]
    public async Task Clear_WithoutDeleteOnClear_KeepsRowWithoutPayload()
    {
        var key = NewKey();
        var grain = fixture.Cluster.Client.GetGrain<ISqliteTestGrain>(key);
        await grain.SaveNoteAsync("to be cleared");

        await grain.ClearAsync();

        Assert.Equal(new StoredRow(null, 2), ReadRow(key));
    }

    [Fact]
    public async Task SaveNote_StoredPayload_IsPlainJsonWithoutTypeMetadata()
    {
        var key = NewKey();
        var grain = fixture.Cluster.Client.GetGrain<ISqliteTestGrain>(key);

        await grain.SaveNoteAsync("plain");

        var payload = ReadRow(key)?.Payload;
        Assert.NotNull(payload);
        Assert.Equal("""{"Note":"plain","Revision":1}""", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsInconsistentStateException()
    {
        var storage = GetStorage(StorageNames.GrainState);
        var grainId = NewStorageGrainId();
        var current = new GrainState<SqliteTestState>(new SqliteTestState { Note = "v1" });
        await storage.WriteStateAsync("note", grainId, current);
        var stale = new GrainState<SqliteTestState>(new SqliteTestState { Note = "stale" }, current.ETag);
        await storage.WriteStateAsync("note", grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, stale));
    }

    [Fact]
    public async Task WriteState_RowExistsAndNoETag_ThrowsInconsistentStateException()
    {
        var storage = GetStorage(StorageNames.GrainState);
        var grainId = NewStorageGrainId();
        await storage.WriteStateAsync("note", grainId, new GrainState<SqliteTestState>(new SqliteTestState { Note = "first" }));
        var duplicate = new GrainState<SqliteTestState>(new SqliteTestState { Note = "second activation" });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, duplicate));
    }

    [Fact]
    public async Task ClearState_DeleteOnClear_RemovesRowAndETag()
    {
        var storage = GetStorage(SqliteClusterFixture.DeletingProviderName);
        var key = NewKey();
        var grainId = NewStorageGrainId(key);
        var state = new GrainState<SqliteTestState>(new SqliteTestState { Note = "to be deleted" });
        await storage.WriteStateAsync("note", grainId, state);

        await storage.ClearStateAsync("note", grainId, state);

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Null(ReadRow(key));
    }

    private static string NewKey() => "note-" + Guid.NewGuid().ToString("N");

    // A string key the provider cannot take for an integer or GUID key, so that the whole key lands in
    // grain_id_extension, where ReadRow looks for it.
    private static GrainId NewStorageGrainId(string? key = null) => GrainId.Create("sqlite-storage-test", key ?? NewKey());

    private ISqliteTestGrain NewGrain() => fixture.Cluster.Client.GetGrain<ISqliteTestGrain>(NewKey());

    private IGrainStorage GetStorage(string providerName) =>
        fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(providerName);

    private async Task DeactivateAsync(ISqliteTestGrain grain)
    {
        // Taken before the request, or the grain could be gone and back before we start waiting.
        var deactivated = fixture.Cluster.WaitForDeactivationAsync(grain);
        await grain.RequestDeactivationAsync();
        await deactivated;
    }

    private StoredRow? ReadRow(string key)
    {
        using var connection = fixture.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload, version FROM grain_state
             WHERE service_id = $serviceId AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension = $key;
            """;
        command.Parameters.AddWithValue("$serviceId", fixture.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var row = new StoredRow(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt64(1));
        Assert.False(reader.Read(), $"More than one row holds '{key}'.");
        return row;
    }

    private sealed record StoredRow(byte[]? Payload, long Version);
}
