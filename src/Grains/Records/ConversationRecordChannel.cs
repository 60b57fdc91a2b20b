using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Records;

/// <summary>
/// The silo's one queue of record rows between the conversation grains and the records writer. Bounded in rows:
/// when it is full, a conversation's hand-over waits for room (back-pressure) and nothing is ever dropped. That
/// waiting happens in the conversation's detached record loop, never in a request turn, and the rows it holds are
/// already durable in the conversation's state, so a full queue delays records but never an acknowledgement.
/// </summary>
public sealed class ConversationRecordChannel
{
    private readonly Channel<QueuedRecord> _channel;
    private long _backlog;

    public ConversationRecordChannel(IOptions<RecordOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value.QueueCapacity)
    {
    }

    public ConversationRecordChannel(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<QueuedRecord>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>How many rows the queue holds at most.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Rows handed over and not yet confirmed by the store: queued, in the batch being written, or (one per waiting
    /// hand-over) waiting for room. The <c>cs.records.backlog</c> gauge.
    /// </summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>
    /// Puts the rows in the queue, in order, waiting for room as long as it is full. Returns, once every row is in,
    /// the task that completes when the store has confirmed them all.
    /// </summary>
    public async ValueTask<Task> EnqueueAsync(IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return RecordTicket.Empty().Confirmed;
        }

        var ticket = new RecordTicket(rows.Count);
        foreach (var row in rows)
        {
            // Counted before the write, so that the writer can never confirm a row that is not counted yet.
            Interlocked.Increment(ref _backlog);
            try
            {
                await _channel.Writer.WriteAsync(new QueuedRecord(row, ticket), cancellationToken);
            }
            catch
            {
                Interlocked.Decrement(ref _backlog);
                throw;
            }
        }

        return ticket.Confirmed;
    }

    /// <summary>Waits for at least one row and takes up to <paramref name="maxRows"/>, oldest first.</summary>
    internal async ValueTask<IReadOnlyList<QueuedRecord>> TakeAsync(int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<QueuedRecord>(Math.Min(maxRows, Capacity));
            while (batch.Count < maxRows && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                return batch;
            }
        }

        return [];
    }

    /// <summary>The store has the rows: their hand-overs complete and the backlog shrinks.</summary>
    internal void Confirm(IReadOnlyList<QueuedRecord> batch)
    {
        foreach (var item in batch)
        {
            item.Ticket.ConfirmOne();
        }

        Interlocked.Add(ref _backlog, -batch.Count);
    }
}
