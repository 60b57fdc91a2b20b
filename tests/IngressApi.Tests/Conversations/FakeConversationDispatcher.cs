using System.Collections.Concurrent;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Conversations;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// Stands in for the grains: records every call and answers with <see cref="Reply"/>, or throws
/// <see cref="Failure"/> from <see cref="RecordAsync"/>. Shared by the tests of one collection, which run one after
/// another; each test starts with <see cref="Reset"/>.
/// </summary>
public sealed class FakeConversationDispatcher : IConversationDispatcher
{
    private readonly ConcurrentQueue<(ConversationKey Key, InboundMessage Message)> _recorded = new();
    private int _calls;
    private TaskCompletionSource _recordCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PassiveReply Reply { get; set; } = PassiveReply.Acknowledge;

    public Exception? Failure { get; set; }

    /// <summary>Calls of any method.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<(ConversationKey Key, InboundMessage Message)> Recorded => [.. _recorded];

    /// <summary>Completes when <see cref="RecordAsync"/> has been called (since the last reset); fails after 30 s.</summary>
    public Task RecordCalled => _recordCalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Reset()
    {
        _recorded.Clear();
        Interlocked.Exchange(ref _calls, 0);
        Reply = PassiveReply.Acknowledge;
        Failure = null;
        _recordCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _recorded.Enqueue((key, message));
        _recordCalled.TrySetResult();
        if (Failure is { } failure)
        {
            return Task.FromException<RecordOutcome>(failure);
        }

        return Task.FromResult(new RecordOutcome { Attempt = 1, ReceivedAt = DateTimeOffset.UtcNow, AnswerReady = true });
    }

    public Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset grainDeadline, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(true);
    }

    public Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, ReplyDeadline deadline, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(Reply);
    }
}
