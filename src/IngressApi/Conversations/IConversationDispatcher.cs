using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// The ingress's only way into the conversation cluster. Tests replace it to prove that rejected input never
/// reaches a grain. Every call keeps to the push's <see cref="ReplyDeadline"/>.
/// </summary>
public interface IConversationDispatcher
{
    /// <summary>Records the push durably; retried within the time left before the claim reserve.</summary>
    Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, ReplyDeadline deadline, CancellationToken cancellationToken);

    /// <summary>
    /// Waits, read-only, until the answer is ready or the grain's clock reaches <paramref name="grainDeadline"/>;
    /// bounded locally by the time left before the claim reserve.
    /// </summary>
    Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset grainDeadline, ReplyDeadline deadline, CancellationToken cancellationToken);

    /// <summary>Claims what this delivery answers; retried within the time left of the budget.</summary>
    Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, ReplyDeadline deadline, CancellationToken cancellationToken);
}
