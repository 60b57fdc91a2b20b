using System.Diagnostics.CodeAnalysis;
using Orleans.Storage;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Serialises state writes of one activation. Detached work and request turns interleave at their awaits, and two
/// overlapping writes of the same grain would race on the storage ETag.
/// </summary>
/// <remarks>
/// <paramref name="beforeWrite"/> runs inside the gate just before each write (the records capture, so that a
/// record is stored with the change it records), and <paramref name="afterWrite"/> after each successful one.
/// A write refused for its version (another activation of the grain wrote since this one read) makes the writer
/// <see cref="Stale"/>: <paramref name="onStale"/> runs once, and every later write fails at once, without another
/// round trip to storage, until the activation is gone.
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never used holds no unmanaged resource.")]
internal sealed class StateWriter(IPersistentState<ConversationState> state, Action? beforeWrite = null, Action? afterWrite = null, Action? onStale = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _dirty;

    /// <summary>True once storage refused a write for its version: this activation's state is not the stored one.</summary>
    public bool Stale { get; private set; }

    public async Task WriteAsync()
    {
        _dirty = true;
        await _gate.WaitAsync();
        try
        {
            if (Stale)
            {
                throw new InconsistentStateException("The stored state changed since this activation read it; the next activation reads it afresh.");
            }

            // A write that finished while we queued may already carry our change; writing again is still correct.
            _dirty = false;
            beforeWrite?.Invoke();
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            _dirty = true;
            if (!Stale)
            {
                Stale = true;
                onStale?.Invoke();
            }

            throw;
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
