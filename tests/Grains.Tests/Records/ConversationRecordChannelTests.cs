using System.Diagnostics.Metrics;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;

namespace CustomerService.Grains.Tests.Records;

/// <summary>The silo's bounded queue of record rows: back-pressure instead of drops, hand-overs confirmed whole, the backlog gauge.</summary>
public sealed class ConversationRecordChannelTests
{
    private static readonly ConversationKey Key = new(ChannelKind.WeChat, "wxqueue000000001", "oQueueUser");

    [Fact]
    public async Task EnqueueAsync_QueueFull_WaitsForRoomAndKeepsEveryRowInOrder()
    {
        var queue = new ConversationRecordChannel(capacity: 2);
        await queue.EnqueueAsync([Row(1), Row(2)], TestContext.Current.CancellationToken);

        var waiting = queue.EnqueueAsync([Row(3)], TestContext.Current.CancellationToken).AsTask();
        var waitedWhileFull = !waiting.IsCompleted;
        var backlogWhileFull = queue.Backlog;
        var first = await queue.TakeAsync(1, TestContext.Current.CancellationToken);
        await waiting;
        var rest = await queue.TakeAsync(10, TestContext.Current.CancellationToken);

        Assert.True(waitedWhileFull);
        Assert.Equal(3, backlogWhileFull);
        Assert.Equal([1L, 2L, 3L], first.Concat(rest).Select(r => r.Row.Revision));
    }

    [Fact]
    public async Task Confirm_EveryRowOfAHandOver_CompletesThatHandOverOnly()
    {
        var queue = new ConversationRecordChannel(capacity: 10);
        var firstHandOver = await queue.EnqueueAsync([Row(1), Row(2)], TestContext.Current.CancellationToken);
        var secondHandOver = await queue.EnqueueAsync([Row(3)], TestContext.Current.CancellationToken);

        queue.Confirm(await queue.TakeAsync(2, TestContext.Current.CancellationToken));

        Assert.True(firstHandOver.IsCompletedSuccessfully);
        Assert.False(secondHandOver.IsCompleted);
        Assert.Equal(1, queue.Backlog);
    }

    [Fact]
    public async Task Confirm_PartOfAHandOver_KeepsItWaitingUntilTheRest()
    {
        var queue = new ConversationRecordChannel(capacity: 10);
        var handOver = await queue.EnqueueAsync([Row(1), Row(2), Row(3)], TestContext.Current.CancellationToken);

        queue.Confirm(await queue.TakeAsync(2, TestContext.Current.CancellationToken));
        var afterPart = handOver.IsCompleted;
        queue.Confirm(await queue.TakeAsync(2, TestContext.Current.CancellationToken));

        Assert.False(afterPart);
        Assert.True(handOver.IsCompletedSuccessfully);
        Assert.Equal(0, queue.Backlog);
    }

    [Fact]
    public async Task TakeAsync_RowsInTheQueue_TakesAtMostTheBatchSize()
    {
        var queue = new ConversationRecordChannel(capacity: 10);
        await queue.EnqueueAsync([Row(1), Row(2), Row(3), Row(4), Row(5)], TestContext.Current.CancellationToken);

        var batch = await queue.TakeAsync(3, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2L, 3L], batch.Select(r => r.Row.Revision));
        Assert.Equal(5, queue.Backlog);
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileWaitingForRoom_ThrowsAndDoesNotCountTheRow()
    {
        var queue = new ConversationRecordChannel(capacity: 1);
        await queue.EnqueueAsync([Row(1)], TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var waiting = queue.EnqueueAsync([Row(2)], cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, queue.Backlog);
        Assert.Equal([1L], (await queue.TakeAsync(10, TestContext.Current.CancellationToken)).Select(r => r.Row.Revision));
    }

    [Fact]
    public async Task EnqueueAsync_NoRows_IsConfirmedAtOnce()
    {
        var queue = new ConversationRecordChannel(capacity: 1);

        var handOver = await queue.EnqueueAsync([], TestContext.Current.CancellationToken);

        Assert.True(handOver.IsCompletedSuccessfully);
        Assert.Equal(0, queue.Backlog);
    }

    [Fact]
    public async Task BacklogGauge_RowsHandedOverAndNotConfirmed_ReportsTheirCount()
    {
        var queue = new ConversationRecordChannel(capacity: 10);
        using var metrics = new RecordMetrics(queue);
        await queue.EnqueueAsync([Row(1), Row(2), Row(3)], TestContext.Current.CancellationToken);
        queue.Confirm(await queue.TakeAsync(1, TestContext.Current.CancellationToken));

        Assert.Equal(2, ReadBacklogGauge(metrics, queue));
    }

    private static long ReadBacklogGauge(RecordMetrics metrics, ConversationRecordChannel queue)
    {
        long? reported = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // By reference: other tests' silos in this process have meters of the same name.
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == RecordMetrics.Backlog)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => reported = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return reported ?? throw new InvalidOperationException($"{RecordMetrics.Backlog} reported nothing (backlog {queue.Backlog}).");
    }

    private static ConversationRecordRow Row(long revision) => new()
    {
        Conversation = Key,
        Direction = RecordDirection.Inbound,
        MessageId = $"msg:{revision}",
        Text = "你好",
        At = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Revision = revision,
    };
}
