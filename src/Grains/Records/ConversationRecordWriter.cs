using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Records;

/// <summary>
/// The silo's one records writer: takes batches from <see cref="ConversationRecordChannel"/> and writes each in one
/// transaction, off every request path. A batch the store refuses is tried again after a back-off that doubles from
/// 0.5 s up to <c>Storage:Records:RetryMaxDelaySeconds</c>, so an outage costs a bounded rate of attempts; meanwhile
/// the queue fills and hand-overs wait, while the rows stay in their conversations' state.
/// </summary>
/// <remarks>
/// A batch the store refuses for a row's data (<see cref="IConversationRecordStore.IsRefusal"/>) is written a row at
/// a time instead: the rows the store takes are kept, and a row it refuses is logged by conversation and message id
/// (never its text), counted in <c>cs.records.rejected</c> and confirmed, because it would be refused on every retry
/// and would otherwise stop this silo's records for good. <see cref="RecordText"/> makes the known causes impossible.
/// Stopping abandons the batch in hand: its rows are still in their conversations' state and are handed over again
/// after the restart. Writing them twice is harmless (the store upserts by revision).
/// </remarks>
public sealed partial class ConversationRecordWriter(
    ConversationRecordChannel queue,
    IConversationRecordStore store,
    RecordMetrics metrics,
    IOptions<RecordOptions> options,
    TimeProvider time,
    ILogger<ConversationRecordWriter> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var maxDelay = TimeSpan.FromSeconds(settings.RetryMaxDelaySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueuedRecord> batch;
            try
            {
                batch = await queue.TakeAsync(settings.BatchSize, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (batch.Count == 0)
            {
                return;
            }

            var rows = batch.Select(b => b.Row).ToList();
            if (!await WriteWithRetriesAsync(rows, maxDelay, stoppingToken))
            {
                return;
            }

            queue.Confirm(batch);
        }
    }

    private async Task<bool> WriteWithRetriesAsync(List<ConversationRecordRow> rows, TimeSpan maxDelay, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        var failures = 0;
        while (true)
        {
            try
            {
                await store.WriteAsync(rows, stoppingToken);
                metrics.Written(rows.Count);
                if (failures > 0)
                {
                    LogStoreBack(logger, failures, rows.Count);
                }

                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception) when (store.IsRefusal(exception))
            {
                rows = await WriteOneByOneAsync(rows, stoppingToken);
                if (rows.Count == 0)
                {
                    return true;
                }

                // What is left failed for want of the database: the back-off below, as for any outage.
                failures++;
                metrics.WriteFailed();
            }
#pragma warning disable CA1031 // Whatever the store throws, the rows are safe in their conversations' state: try again later.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failures++;
                metrics.WriteFailed();
                // The first failure and then every doubling, so that a long outage logs a few lines, not one per try.
                // Database exceptions name the server and the failure, never a password.
                if ((failures & (failures - 1)) == 0)
                {
                    LogWriteFailed(logger, rows.Count, failures, exception.GetType().Name, exception.Message, delay.TotalSeconds);
                }
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = delay * 2 > maxDelay ? maxDelay : delay * 2;
        }
    }

    // Each row alone; returns the rows that failed for another reason than their data (to be tried again).
    private async Task<List<ConversationRecordRow>> WriteOneByOneAsync(List<ConversationRecordRow> rows, CancellationToken stoppingToken)
    {
        var left = new List<ConversationRecordRow>();
        foreach (var row in rows)
        {
            try
            {
                await store.WriteAsync([row], stoppingToken);
                metrics.Written(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (store.IsRefusal(exception))
            {
                metrics.Rejected();
                LogRowRejected(logger, row.Conversation.ToString(), row.MessageId, row.Direction, row.Revision, exception.GetType().Name, exception.Message);
            }
#pragma warning disable CA1031 // As in WriteWithRetriesAsync: the row is safe in its conversation's state.
            catch (Exception)
#pragma warning restore CA1031
            {
                left.Add(row);
            }
        }

        return left;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Records store refused the {Direction} row of message {PlatformMessageId} (revision {Revision}) of {ConversationKey} for its data: {ErrorType}: {Error}; the row is dropped so that the other records go on")]
    private static partial void LogRowRejected(ILogger logger, string conversationKey, string platformMessageId, Interfaces.Records.RecordDirection direction, long revision, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Records store refused a batch of {Rows} rows ({Failures} tries so far): {ErrorType}: {Error}; the rows stay in their conversations' state, next try in {DelaySeconds} s")]
    private static partial void LogWriteFailed(ILogger logger, int rows, int failures, string errorType, string error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Records store took a batch of {Rows} rows after {Failures} failed tries")]
    private static partial void LogStoreBack(ILogger logger, int failures, int rows);
}
