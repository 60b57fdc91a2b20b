namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// Keeps an ingress in Client mode trying to reach the cluster at start, for as long as it takes, instead of failing
/// its start (and crash-looping) when no silo is up yet, e.g. when the ingress is deployed first or Redis is down.
/// Only the host stopping ends the attempts.
/// </summary>
public sealed partial class ClusterConnectionRetryFilter(TimeProvider time, ILogger<ClusterConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    /// <summary>The pause between attempts: a silo that has just started is found within about a second.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Every attempt is logged at first; during a long outage, one line in thirty says that it goes on.
    private const int LogEvery = 30;

    private int _failures;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failures = Interlocked.Increment(ref _failures);
        if (failures <= 3 || failures % LogEvery == 0)
        {
            LogRetry(logger, failures, exception.GetType().Name, exception.Message, RetryDelay.TotalSeconds);
        }

        try
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the cluster yet (attempt {Attempt}, {Failure}: {Reason}); trying again in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, int attempt, string failure, string reason, double delaySeconds);
}
