using CustomerService.IngressApi.Conversations;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// The arithmetic that keeps a grain call's attempts, retries and delays inside the time left of the reply budget,
/// worked through the worst case: every attempt runs to its timeout and fails.
/// </summary>
public sealed class GrainCallBudgetTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    // The defaults: ReplyBudgetMs 4500, of which 250 ms are kept for the claim; RecordTimeoutMs 1500, CallRetries 2,
    // CallRetryDelayMs 750. A second retry would start at 4500 ms, past the 4250 ms window, so it is not made.
    [Fact]
    public void WorstCase_DefaultSettings_TwoAttemptsOneDelayWithinTheRecordWindow()
    {
        var budget = new GrainCallBudget(1500 * Ms, retries: 2, retryDelay: 750 * Ms);

        var schedule = WorstCase(budget, window: 4250 * Ms, attemptLimit: budget.RecordTimeout);

        Assert.Equal([1500 * Ms, 750 * Ms, 1500 * Ms], schedule);
    }

    [Fact]
    public void WorstCase_WaitWithoutItsOwnLimit_OneAttemptTakesTheWholeWindow()
    {
        var budget = new GrainCallBudget(1500 * Ms, retries: 2, retryDelay: 750 * Ms);

        var schedule = WorstCase(budget, window: 3000 * Ms, attemptLimit: null);

        Assert.Equal([3000 * Ms], schedule);
    }

    // Every window from the smallest budget's (250 ms) to the largest (4800 ms), every allowed retry count, delay and
    // record timeout: attempts plus delays never exceed the window.
    [Fact]
    public void WorstCase_EveryAllowedSetting_AttemptsAndDelaysStayWithinTheWindow()
    {
        var overruns = new List<string>();
        foreach (var recordTimeoutMs in new[] { 250, 500, 1500, 3000, 4800 })
        {
            foreach (var retries in Enumerable.Range(0, 6))
            {
                foreach (var delayMs in new[] { 500, 750, 1000 })
                {
                    var budget = new GrainCallBudget(recordTimeoutMs * Ms, retries, delayMs * Ms);
                    for (var windowMs = 250; windowMs <= 4800; windowMs += 10)
                    {
                        foreach (var limit in new TimeSpan?[] { budget.RecordTimeout, null })
                        {
                            var total = WorstCase(budget, windowMs * Ms, limit).Aggregate(TimeSpan.Zero, (sum, step) => sum + step);
                            if (total > windowMs * Ms)
                            {
                                overruns.Add($"timeout {recordTimeoutMs}, retries {retries}, delay {delayMs}, window {windowMs}, limit {limit}: {total.TotalMilliseconds} ms");
                            }
                        }
                    }
                }
            }
        }

        Assert.Empty(overruns);
    }

    [Fact]
    public void CanRetry_NoRetriesLeft_False()
    {
        var budget = new GrainCallBudget(1500 * Ms, retries: 2, retryDelay: 750 * Ms);

        Assert.False(budget.CanRetry(retriesSoFar: 2, remaining: 10_000 * Ms));
    }

    [Fact]
    public void CanRetry_LessThanTheDelayPlusAMinimumAttemptLeft_False()
    {
        var budget = new GrainCallBudget(1500 * Ms, retries: 2, retryDelay: 750 * Ms);

        Assert.False(budget.CanRetry(retriesSoFar: 0, remaining: 750 * Ms + GrainCallBudget.MinimumAttempt - Ms));
        Assert.True(budget.CanRetry(retriesSoFar: 0, remaining: 750 * Ms + GrainCallBudget.MinimumAttempt));
    }

    // The one exception to the window: a call made when less than the minimum is left still gets one real attempt
    // (recording is what makes a push durable), never a zero or negative timeout, which Polly would take as "none".
    [Fact]
    public void AttemptTimeout_WindowAlreadySpent_TheMinimumAttempt()
    {
        Assert.Equal(GrainCallBudget.MinimumAttempt, GrainCallBudget.AttemptTimeout(-100 * Ms, 1500 * Ms));
    }

    [Fact]
    public void AttemptTimeout_LimitBelowWhatRemains_TheLimit()
    {
        Assert.Equal(1500 * Ms, GrainCallBudget.AttemptTimeout(4000 * Ms, 1500 * Ms));
    }

    // Attempt, delay, attempt, … as the policy runs them when every attempt times out.
    private static List<TimeSpan> WorstCase(GrainCallBudget budget, TimeSpan window, TimeSpan? attemptLimit)
    {
        var schedule = new List<TimeSpan>();
        var elapsed = GrainCallBudget.AttemptTimeout(window, attemptLimit);
        schedule.Add(elapsed);
        for (var retries = 0; budget.CanRetry(retries, window - elapsed); retries++)
        {
            schedule.Add(budget.RetryDelay);
            var attempt = GrainCallBudget.AttemptTimeout(window - elapsed - budget.RetryDelay, attemptLimit);
            schedule.Add(attempt);
            elapsed += budget.RetryDelay + attempt;
        }

        return schedule;
    }
}
