namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// One push's reply budget (<c>Channels:WeChat:ReplyBudgetMs</c>), counted on a monotonic clock from the moment its
/// request arrived. Recording and waiting must be done <see cref="GrainCallBudget.ClaimReserve"/> before the end, so
/// that claiming the reply fits too: record, wait and claim, with their retries and delays, stay within the budget.
/// </summary>
public sealed class ReplyDeadline(TimeProvider time, long startedTimestamp, TimeSpan budget)
{
    public static ReplyDeadline StartingNow(TimeProvider time, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new ReplyDeadline(time, time.GetTimestamp(), budget);
    }

    /// <summary>How long ago the request arrived.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(startedTimestamp);

    /// <summary>What is left until the reply must be on its way.</summary>
    public TimeSpan Remaining => budget - time.GetElapsedTime(startedTimestamp);

    /// <summary>What is left for recording and waiting.</summary>
    public TimeSpan RemainingBeforeClaim => Remaining - GrainCallBudget.ClaimReserve;
}
