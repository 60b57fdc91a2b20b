using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Makes sure, once each silo is active, that the cluster's retention reminder exists: asks the one retention grain
/// to register it if missing (idempotent, so every silo may ask). It never holds up the silo's start: it asks from a
/// background loop, and retries with a growing pause while the reminder service or the database is not reachable.
/// </summary>
public sealed partial class RetentionReminderStarter(
    IGrainFactory grains,
    TimeProvider time,
    ILogger<RetentionReminderStarter> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ensured = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;

    /// <summary>Completes once this silo has seen the reminder registered (it never faults).</summary>
    public Task Ensured => _ensured.Task;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(RetentionReminderStarter), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);
    }

    public void Dispose() => _stopping.Dispose();

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => EnsureAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    private async Task EnsureAsync(CancellationToken stopping)
    {
        var delay = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IRecordRetentionGrain>(0).EnsureScheduledAsync().WaitAsync(stopping).ConfigureAwait(false);
                _ensured.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever fails, the silo runs on; the next try may succeed.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception.GetType().Name, exception.Message, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 > MaxRetry ? MaxRetry : delay * 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention reminder could not be checked ({ErrorType}: {Error}); trying again in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, string errorType, string error, double seconds);
}
