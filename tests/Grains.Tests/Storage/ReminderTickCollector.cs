namespace CustomerService.Grains.Tests.Storage;

/// <summary>
/// Collects the ticks of <see cref="ReminderTestGrain"/> across silos. One instance is registered in every silo of a
/// test cluster, so it outlives a killed silo; tests wait on it instead of sleeping.
/// </summary>
public sealed class ReminderTickCollector
{
    // Only so that a reminder that never ticks fails the test instead of hanging the run. A silo that has just
    // replaced a dead one may load its reminders only at its first periodic refresh, a random delay of up to 30 s.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly List<ReminderTick> _ticks = [];
    private readonly List<(Func<ReminderTick, bool> Match, TaskCompletionSource<ReminderTick> Completion)> _waiters = [];

    public void Record(ReminderTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        List<TaskCompletionSource<ReminderTick>> matched = [];
        lock (_gate)
        {
            _ticks.Add(tick);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(tick))
                {
                    matched.Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var completion in matched)
        {
            completion.TrySetResult(tick);
        }
    }

    /// <summary>The first tick recorded so far that matches, or the next one to arrive.</summary>
    public async Task<ReminderTick> WaitForAsync(Func<ReminderTick, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        TaskCompletionSource<ReminderTick> completion;
        lock (_gate)
        {
            var recorded = _ticks.FirstOrDefault(match);
            if (recorded is not null)
            {
                return recorded;
            }

            completion = new TaskCompletionSource<ReminderTick>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, completion));
        }

        return await completion.Task.WaitAsync(HangGuard, cancellationToken);
    }
}
