using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using Orleans.Concurrency;

namespace CustomerService.Grains.Records;

/// <summary>
/// Serves the admin API's record queries from the silo's records store. Stateless, so every silo answers locally
/// and the ingress needs no database connection of its own.
/// </summary>
[StatelessWorker]
public sealed class ConversationRecordsGrain(IConversationRecordStore store) : Grain, IConversationRecordsGrain
{
    public Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit)
    {
        CheckLimit(limit);
        return store.ListConversationsAsync(after, limit, CancellationToken.None);
    }

    public Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit)
    {
        CheckLimit(limit);
        return store.ListMessagesAsync(key, after, limit, CancellationToken.None);
    }

    private static void CheckLimit(int limit)
    {
        if (!RecordPaging.IsValidLimit(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {RecordPaging.MaxLimit} rows.");
        }
    }
}
