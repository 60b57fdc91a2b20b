using CustomerService.Grains.Hosting;

namespace CustomerService.Grains.Tests.Storage;

public sealed class SqliteTestGrain(
    [PersistentState("note", StorageNames.GrainState)] IPersistentState<SqliteTestState> state) : Grain, ISqliteTestGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<SqliteTestSnapshot> SaveNoteAsync(string note)
    {
        state.State = state.State with { Note = note, Revision = state.State.Revision + 1 };
        await state.WriteStateAsync();
        return Snapshot();
    }

    public Task<SqliteTestSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<SqliteTestSnapshot> ClearAsync()
    {
        await state.ClearStateAsync();
        return Snapshot();
    }

    public Task RequestDeactivationAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private SqliteTestSnapshot Snapshot() => new()
    {
        Note = state.State.Note,
        Revision = state.State.Revision,
        ETag = state.Etag,
        RecordExists = state.RecordExists,
        ActivationId = _activationId,
    };
}
