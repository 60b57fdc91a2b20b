namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// The arithmetic that keeps a grain call's attempts, retries and delays inside the time it is given. An attempt is
/// given at most what remains (and at most its own limit), and a retry happens only when, after its delay, at least
/// <see cref="MinimumAttempt"/> remains: so the attempts and delays of one call never add up to more than its window
/// (unless the window itself is below <see cref="MinimumAttempt"/>, when the one attempt gets that minimum).
/// </summary>
public sealed class GrainCallBudget
{
    /// <summary>
    /// The shortest attempt worth making: a call to an active grain takes milliseconds, but on a loaded two-core
    /// machine a GC pause or a busy thread pool can add a hundred or two.
    /// </summary>
    public static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// What the reply budget keeps back for claiming the reply after the wait for the answer: the wait ends this
    /// much before the budget does.
    /// </summary>
    public static readonly TimeSpan ClaimReserve = MinimumAttempt;

    public GrainCallBudget(TimeSpan recordTimeout, int retries, TimeSpan retryDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordTimeout, MinimumAttempt);
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryDelay, TimeSpan.Zero);
        RecordTimeout = recordTimeout;
        Retries = retries;
        RetryDelay = retryDelay;
    }

    /// <summary>The limit of one attempt of a fast call (record, claim).</summary>
    public TimeSpan RecordTimeout { get; }

    /// <summary>The most retries of one call.</summary>
    public int Retries { get; }

    /// <summary>The constant pause before each retry.</summary>
    public TimeSpan RetryDelay { get; }

    public static GrainCallBudget From(GrainCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GrainCallBudget(
            TimeSpan.FromMilliseconds(options.RecordTimeoutMs),
            options.CallRetries,
            TimeSpan.FromMilliseconds(options.CallRetryDelayMs));
    }

    /// <summary>
    /// The timeout of an attempt that starts when <paramref name="remaining"/> is left of its call's window: what
    /// remains, capped by <paramref name="attemptLimit"/> (none for the wait, which is bounded by the window alone),
    /// and never below <see cref="MinimumAttempt"/>.
    /// </summary>
    public static TimeSpan AttemptTimeout(TimeSpan remaining, TimeSpan? attemptLimit)
    {
        var timeout = attemptLimit is { } limit && limit < remaining ? limit : remaining;
        return timeout < MinimumAttempt ? MinimumAttempt : timeout;
    }

    /// <summary>
    /// Whether a failed call may be retried after <paramref name="retriesSoFar"/> retries, when
    /// <paramref name="remaining"/> is left of its window: retries are left, and the next attempt still gets at least
    /// <see cref="MinimumAttempt"/> after the delay.
    /// </summary>
    public bool CanRetry(int retriesSoFar, TimeSpan remaining) =>
        retriesSoFar < Retries && remaining - RetryDelay >= MinimumAttempt;
}
