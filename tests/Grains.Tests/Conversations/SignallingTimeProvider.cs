using Microsoft.Extensions.Time.Testing;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// A fake clock for our grains that tells the test when a grain has armed a timer on it, so that the test advances
/// the clock only after the grain waits on it (otherwise the advance can land before the timer and the test races).
/// </summary>
public sealed class SignallingTimeProvider : TimeProvider, IDisposable
{
    private readonly FakeTimeProvider _inner = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly SemaphoreSlim _timersCreated = new(0);

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _inner.CreateTimer(callback, state, dueTime, period);
        _timersCreated.Release();
        return timer;
    }

    public void Advance(TimeSpan by) => _inner.Advance(by);

    public void Dispose() => _timersCreated.Dispose();

    /// <summary>Completes once a timer has been created since the last call (each creation is counted once).</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _timersCreated.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("No grain armed a timer on the fake clock within 30 s.");
        }
    }

    /// <summary>Forgets timer creations that earlier steps did not wait for.</summary>
    public void ResetTimerSignals()
    {
        while (_timersCreated.CurrentCount > 0)
        {
            _timersCreated.Wait(0);
        }
    }
}
