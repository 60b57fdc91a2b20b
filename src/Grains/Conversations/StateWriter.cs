using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Serialises state writes of one activation. Detached work and request turns interleave at their awaits, and two
/// overlapping writes of the same grain would race on the storage ETag.
/// </summary>
/// <remarks>
/// <paramref name="beforeWrite"/> runs inside the gate just before each write (the records capture, so that a
/// record is stored with the change it records), and <paramref name="afterWrite"/> after each successful one.
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds no unmanaged resource.")]
internal sealed class StateWriter(IPersistentState<ConversationState> state, Action? beforeWrite = null, Action? afterWrite = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _dirty;

    public async Task WriteAsync()
    {
        _dirty = true;
        await _gate.WaitAsync();
        try
        {
            // A write that finished while we queued may already carry our change; writing again is still correct.
            _dirty = false;
            beforeWrite?.Invoke();
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }

        afterWrite?.Invoke();
    }

    /// <summary>Notes a change that can wait for the next write (bookkeeping that is safe to repeat if lost).</summary>
    public void MarkDirty() => _dirty = true;

    public Task WriteIfDirtyAsync() => _dirty ? WriteAsync() : Task.CompletedTask;
}
