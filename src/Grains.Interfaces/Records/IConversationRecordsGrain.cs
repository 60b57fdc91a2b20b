using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// Reads the conversation records on a silo, which holds the records store: the ingress never opens the database
/// itself (in client mode it is only an Orleans client). A stateless worker: call it with key 0.
/// </summary>
[Alias("cs.IConversationRecordsGrain")]
public interface IConversationRecordsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Conversations with records, the most recently active first, after <paramref name="after"/> (null: from the
    /// start). <paramref name="limit"/> must satisfy <see cref="RecordPaging.IsValidLimit"/>.
    /// </summary>
    [Alias("ListConversationsAsync")]
    Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit);

    /// <summary>
    /// One conversation's messages and replies, oldest first, after <paramref name="after"/> (null: from the start).
    /// <paramref name="limit"/> must satisfy <see cref="RecordPaging.IsValidLimit"/>.
    /// </summary>
    [Alias("ListMessagesAsync")]
    Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit);
}
