namespace CustomerService.Integration.Tests.Hosting;

/// <summary>The lines a child process printed, with a way to wait for a given one.</summary>
public sealed class CapturedOutput
{
    // Only so that a line that never comes fails the test instead of hanging the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    /// <summary>Every line printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(line);
        }
    }

    public Task<string> WaitForAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(HangGuard, cancellationToken);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.TakeLast(60));
        }
    }
}
