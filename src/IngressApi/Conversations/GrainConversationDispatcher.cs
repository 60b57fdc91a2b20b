using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// Calls the conversation grains through their interface only, each call through <see cref="GrainCallPolicy"/>:
/// the record and the claim are fast calls (<c>Cluster:RecordTimeoutMs</c> per attempt), the wait is bounded by the
/// time left of the reply budget, and all of them retry transient cluster failures within that budget.
/// </summary>
public sealed class GrainConversationDispatcher(IGrainFactory grains, GrainCallPolicy policy) : IConversationDispatcher
{
    // The record and claim calls hand the grain no token at all: once WeChat's request is verified, its record must be
    // written even if WeChat disconnects or an attempt times out, and the grain's work must never inherit either.
    // Only the local wait for the attempt (WaitAsync) is cancelled.
    public Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var grain = Grain(key);
        return policy.ExecuteAsync(
            nameof(IConversationGrain.RecordInboundAsync),
            key.ToString(),
            attempt => grain.RecordInboundAsync(message).WaitAsync(attempt),
            () => deadline.RemainingBeforeClaim,
            policy.Budget.RecordTimeout,
            cancellationToken);
    }

    // The wait is read-only and interleaving: the grain gets the request's own token (WeChat disconnected, so nobody
    // waits any more), never the attempt's timeout, and it returns by itself at grainDeadline.
    public Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset grainDeadline, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var grain = Grain(key);
        return policy.ExecuteAsync(
            nameof(IConversationGrain.WaitForAnswerAsync),
            key.ToString(),
            attempt => grain.WaitForAnswerAsync(dedupId, grainDeadline, cancellationToken).WaitAsync(attempt),
            () => deadline.RemainingBeforeClaim,
            attemptLimit: null,
            cancellationToken);
    }

    public Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var grain = Grain(key);
        return policy.ExecuteAsync(
            nameof(IConversationGrain.ClaimPassiveReplyAsync),
            key.ToString(),
            attempt => grain.ClaimPassiveReplyAsync(dedupId).WaitAsync(attempt),
            () => deadline.Remaining,
            policy.Budget.RecordTimeout,
            cancellationToken);
    }

    private IConversationGrain Grain(ConversationKey key) => grains.GetGrain<IConversationGrain>(key.ToString());
}
