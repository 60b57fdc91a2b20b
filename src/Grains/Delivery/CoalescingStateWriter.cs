namespace CustomerService.Grains.Delivery;

/// <summary>
/// Group commit for a hot per-account grain: callers that arrive while a write is in flight share the next write
/// instead of queueing one write each, so the grain's write rate is bounded by storage latency, not by load.
/// A caller's change is in memory before it calls, and its task completes only after a write that began after
/// that call (or faults with that write's error). Used only on the grain's own scheduler, so it needs no locks.
/// </summary>
internal sealed class CoalescingStateWriter(Func<Task> write)
{
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];
    private long _requested;
    private Task? _loop;

    public Task WriteAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((++_requested, done));
        // A loop that ran to completion synchronously (a memory store) is done; start another.
        if (_loop is null || _loop.IsCompleted)
        {
            _loop = LoopAsync();
        }

        return done.Task;
    }

    private async Task LoopAsync()
    {
        {
            while (_waiters.Count > 0)
            {
                // Everything requested so far is in memory now, so this one write covers all of it.
                var covered = _requested;
                Exception? failure = null;
                try
                {
                    await write();
                }
#pragma warning disable CA1031 // The failure goes to exactly the callers this write covered.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }

                foreach (var (_, waiter) in _waiters.Where(w => w.Version <= covered))
                {
                    if (failure is null)
                    {
                        waiter.TrySetResult();
                    }
                    else
                    {
                        waiter.TrySetException(failure);
                    }
                }

                _waiters.RemoveAll(w => w.Version <= covered);
            }
        }
    }
}
