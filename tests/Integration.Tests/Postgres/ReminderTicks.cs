namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// Collects the ticks of <see cref="ReminderProbeGrain"/> across silos. One instance is registered in every silo of a
/// test cluster, so it outlives a killed silo; tests wait on it instead of sleeping.
/// </summary>
public sealed class ReminderTicks
{
    // Only so that a reminder that never ticks fails the test instead of hanging the run. A silo that has just
    // replaced a dead one may load its reminders only at its first periodic refresh, a random delay of up to 30 s.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly List<ReminderTick> _ticks = [];
    private readonly List<(Func<ReminderTick, bool> Match, TaskCompletionSource<ReminderTick> Found)> _waiters = [];

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
                    matched.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(tick);
        }
    }

    /// <summary>The first tick recorded so far that matches, or the next one to arrive.</summary>
    public Task<ReminderTick> WaitForAsync(Func<ReminderTick, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            if (_ticks.FirstOrDefault(match) is { } recorded)
            {
                return Task.FromResult(recorded);
            }

            var found = new TaskCompletionSource<ReminderTick>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(HangGuard, cancellationToken);
        }
    }
}
