using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.Grains.Records;

/// <summary>
/// The <c>messages</c> table and its <c>conversations</c> index: PostgreSQL in production, a SQLite file of its own
/// on the embedded default. Implementations live with the silo, which owns the database connections.
/// </summary>
public interface IConversationRecordStore
{
    /// <summary>
    /// Writes the rows in one transaction: inserts new ones and updates a row only from a higher revision, so that
    /// writing the same rows again (after a crash, a retry) changes nothing and never creates a duplicate.
    /// </summary>
    Task WriteAsync(IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="exception"/>, thrown by <see cref="WriteAsync"/>, says that the store refused the
    /// data of a row (a constraint, a value it cannot hold), not that it could not be reached: writing the same row
    /// again would fail the same way for ever.
    /// </summary>
    bool IsRefusal(Exception exception);

    /// <summary>Conversations, most recently active first (ties by key), after <paramref name="after"/>.</summary>
    Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>One conversation's rows, oldest first (ties by sequence), after <paramref name="after"/>.</summary>
    Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> rows older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteMessagesBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> conversation entries whose newest record is older than
    /// <paramref name="cutoff"/>; returns how many.
    /// </summary>
    Task<int> DeleteConversationsBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}
