using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Records;
using Microsoft.Extensions.Logging;

namespace CustomerService.Grains.Records;

/// <summary>
/// The cluster's one retention job (key 0), on a durable reminder: deletes records older than the retention, the
/// conversation list entries left with none, and the state of conversations not written for as long. Deletes in
/// bounded batches, at most <see cref="MaxBatchesPerTable"/> per table and run; what is left goes on the next run.
/// </summary>
public sealed partial class RecordRetentionGrain(
    IConversationRecordStore records,
    IConversationStateRetention states,
    IRecordRetentionSettings settings,
    ConversationClock clock,
    RecordMetrics metrics,
    ILogger<RecordRetentionGrain> logger) : Grain, IRecordRetentionGrain, IRemindable
{
    internal const string ReminderName = "retention";
    internal const int BatchSize = 1_000;
    internal const int MaxBatchesPerTable = 20;

    // Hourly: cheap when there is nothing to delete, and a backlog after a long pause drains within hours.
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);
    private static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(5);

    public async Task EnsureScheduledAsync()
    {
        // Every silo calls this at start: register only when missing, so that a rolling restart does not keep
        // pushing the next run back.
        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, FirstRunAfter, Period);
            LogScheduled(logger, Period.TotalMinutes);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!string.Equals(reminderName, ReminderName, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            await PurgeAsync();
        }
#pragma warning disable CA1031 // The next tick tries again; a failed purge loses nothing.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogPurgeFailed(logger, exception.GetType().Name, exception.Message);
        }
    }

    public async Task<RetentionPurgeResult> PurgeAsync()
    {
        var cutoff = clock.UtcNow - settings.Retention;
        var (messages, moreMessages) = await DeleteAsync(ct => records.DeleteMessagesBeforeAsync(cutoff, BatchSize, ct));
        var (conversations, moreConversations) = await DeleteAsync(ct => records.DeleteConversationsBeforeAsync(cutoff, BatchSize, ct));
        var (conversationStates, moreStates) = await DeleteAsync(ct => states.DeleteIdleAsync(cutoff, BatchSize, ct));
        metrics.Purged("messages", messages);
        metrics.Purged("conversations", conversations);
        metrics.Purged("conversation_state", conversationStates);
        if (messages + conversations + conversationStates > 0)
        {
            LogPurged(logger, messages, conversations, conversationStates, cutoff);
        }

        return new RetentionPurgeResult
        {
            Messages = messages,
            Conversations = conversations,
            ConversationStates = conversationStates,
            MoreLeft = moreMessages || moreConversations || moreStates,
        };
    }

    private static async Task<(long Deleted, bool More)> DeleteAsync(Func<CancellationToken, Task<int>> batch)
    {
        long deleted = 0;
        for (var i = 0; i < MaxBatchesPerTable; i++)
        {
            var count = await batch(CancellationToken.None);
            deleted += count;
            if (count < BatchSize)
            {
                return (deleted, false);
            }
        }

        return (deleted, true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge scheduled every {Minutes} minutes")]
    private static partial void LogScheduled(ILogger logger, double minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge deleted {Messages} records, {Conversations} conversation entries and {States} idle conversation states older than {Cutoff:o}")]
    private static partial void LogPurged(ILogger logger, long messages, long conversations, long states, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed ({ErrorType}: {Error}); the next run tries again")]
    private static partial void LogPurgeFailed(ILogger logger, string errorType, string error);
}
