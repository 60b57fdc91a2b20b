using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// The ingress's only way into the conversation cluster. Tests replace it to prove that rejected input never
/// reaches a grain.
/// </summary>
public interface IConversationDispatcher
{
    Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, CancellationToken cancellationToken);

    Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken);

    Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, CancellationToken cancellationToken);
}
