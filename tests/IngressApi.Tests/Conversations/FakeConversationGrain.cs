using System.Collections.Concurrent;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// Stands in for one conversation grain: each call takes the next answer a test queued (a task the test completes
/// when it likes), and every call is counted, the wait with the token the grain was given.
/// </summary>
public sealed class FakeConversationGrain : IConversationGrain, IDisposable
{
    private readonly ConcurrentQueue<Task<RecordOutcome>> _records = new();
    private readonly ConcurrentQueue<Task<bool>> _waits = new();
    private readonly ConcurrentQueue<Task<PassiveReply>> _claims = new();

    /// <summary>Released once for every record call.</summary>
    public SemaphoreSlim RecordCalled { get; } = new(0);

    /// <summary>Released once for every wait call.</summary>
    public SemaphoreSlim WaitCalled { get; } = new(0);

    /// <summary>The token each wait call handed to the grain.</summary>
    public ConcurrentQueue<CancellationToken> WaitTokens { get; } = new();

    public void AnswerRecord(Task<RecordOutcome> answer) => _records.Enqueue(answer);

    public void AnswerWait(Task<bool> answer) => _waits.Enqueue(answer);

    public void AnswerClaim(Task<PassiveReply> answer) => _claims.Enqueue(answer);

    public Task<RecordOutcome> RecordInboundAsync(InboundMessage message)
    {
        var answer = _records.TryDequeue(out var queued) ? queued : throw new InvalidOperationException("No record answer queued.");
        RecordCalled.Release();
        return answer;
    }

    public Task<bool> WaitForAnswerAsync(string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var answer = _waits.TryDequeue(out var queued) ? queued : throw new InvalidOperationException("No wait answer queued.");
        WaitTokens.Enqueue(cancellationToken);
        WaitCalled.Release();
        return answer;
    }

    public Task<PassiveReply> ClaimPassiveReplyAsync(string dedupId) =>
        _claims.TryDequeue(out var answer) ? answer : throw new InvalidOperationException("No claim answer queued.");

    public Task<ConversationSnapshot> GetSnapshotAsync() => throw new NotSupportedException();

    public void Dispose()
    {
        RecordCalled.Dispose();
        WaitCalled.Dispose();
    }
}
