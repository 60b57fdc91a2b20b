using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;

namespace CustomerService.Tests.Contracts;

/// <summary>
/// The real records store with a window on it: every batch it took or refused, and from which silo, so that a test
/// awaits the write it expects instead of polling the database. A test-process object, so it outlives a killed silo.
/// </summary>
public sealed class ObservedRecordStore(IConversationRecordStore inner)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly List<(string Silo, ConversationRecordRow Row)> _written = [];
    private readonly List<string> _failedOn = [];
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];

    public IConversationRecordStore Inner => inner;

    /// <summary>The store as one silo sees it.</summary>
    public IConversationRecordStore For(string silo) => new SiloView(this, silo);

    public IReadOnlyList<(string Silo, ConversationRecordRow Row)> Written
    {
        get
        {
            lock (_gate)
            {
                return [.. _written];
            }
        }
    }

    public int Failures
    {
        get
        {
            lock (_gate)
            {
                return _failedOn.Count;
            }
        }
    }

    /// <summary>The rows written for one conversation, in the order the store took them.</summary>
    public IReadOnlyList<ConversationRecordRow> WrittenFor(ConversationKey key) =>
        [.. Written.Where(w => w.Row.Conversation == key).Select(w => w.Row)];

    public Task WaitForFailureAsync() => WaitUntilAsync(() => _failedOn.Count > 0);

    /// <summary>Completes once a written row of <paramref name="key"/> matches <paramref name="row"/>.</summary>
    public Task WaitForRowAsync(ConversationKey key, Func<ConversationRecordRow, bool> row) =>
        WaitUntilAsync(() => _written.Any(w => w.Row.Conversation == key && row(w.Row)));

    /// <summary>Completes once the reply to <paramref name="messageId"/> was written in <paramref name="state"/>.</summary>
    public Task WaitForReplyAsync(ConversationKey key, string messageId, RecordDeliveryState state) =>
        WaitForRowAsync(key, r => r.Direction == RecordDirection.Outbound && r.MessageId == messageId && r.DeliveryState == state);

    private Task WaitUntilAsync(Func<bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done())
            {
                return Task.CompletedTask;
            }

            _waiters.Add((done, signal));
        }

        return signal.Task.WaitAsync(WaitLimit);
    }

    private void Notify()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    private async Task WriteAsync(string silo, IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken)
    {
        try
        {
            await inner.WriteAsync(rows, cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                _failedOn.Add(silo);
            }

            Notify();
            throw;
        }

        lock (_gate)
        {
            _written.AddRange(rows.Select(r => (silo, r)));
        }

        Notify();
    }

    private sealed class SiloView(ObservedRecordStore owner, string silo) : IConversationRecordStore
    {
        public Task WriteAsync(IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken) =>
            owner.WriteAsync(silo, rows, cancellationToken);

        public bool IsRefusal(Exception exception) => owner.Inner.IsRefusal(exception);

        public Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit, CancellationToken cancellationToken) =>
            owner.Inner.ListConversationsAsync(after, limit, cancellationToken);

        public Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit, CancellationToken cancellationToken) =>
            owner.Inner.ListMessagesAsync(key, after, limit, cancellationToken);

        public Task<int> DeleteMessagesBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
            owner.Inner.DeleteMessagesBeforeAsync(cutoff, batchSize, cancellationToken);

        public Task<int> DeleteConversationsBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
            owner.Inner.DeleteConversationsBeforeAsync(cutoff, batchSize, cancellationToken);
    }
}
