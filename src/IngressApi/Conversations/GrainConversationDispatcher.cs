using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Conversations;

/// <summary>Calls the conversation grains through their interface only.</summary>
public sealed class GrainConversationDispatcher(IGrainFactory grains) : IConversationDispatcher
{
    // The record and claim calls deliberately take no request token: once WeChat's request is verified, its
    // record must be written even if WeChat disconnects, and the grain's work must never inherit the disconnect.
    public Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, CancellationToken cancellationToken) =>
        Grain(key).RecordInboundAsync(message).WaitAsync(cancellationToken);

    public Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Grain(key).WaitForAnswerAsync(dedupId, deadline, cancellationToken);

    public Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, CancellationToken cancellationToken) =>
        Grain(key).ClaimPassiveReplyAsync(dedupId).WaitAsync(cancellationToken);

    private IConversationGrain Grain(ConversationKey key) => grains.GetGrain<IConversationGrain>(key.ToString());
}
