using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// A fake model. By default it answers at once with <see cref="AnswerFor"/>; a question registered with
/// <see cref="Hold"/> blocks until the test releases it (or the call's token is cancelled); a question registered with <see cref="Fail"/> throws.
/// Every call is recorded with the messages it got.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly ConcurrentDictionary<string, HeldAnswer> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UsageDetails> _usage = new(StringComparer.Ordinal);

    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Calls { get; } = new();

    public static string AnswerFor(string question) => $"模型回答：{question}";

    public HeldAnswer Hold(string question)
    {
        var held = new HeldAnswer();
        _held[question] = held;
        return held;
    }

    /// <summary>
    /// Like <see cref="Hold"/>, but the answer comes when released even after the call's token was cancelled, as a
    /// provider's response already on its way does (the token still marks the answer <see cref="HeldAnswer.Cancelled"/>).
    /// </summary>
    public HeldAnswer HoldPastCancellation(string question)
    {
        var held = new HeldAnswer { IgnoresCancellation = true };
        _held[question] = held;
        return held;
    }

    public void Fail(string question) => _failing[question] = true;

    /// <summary>The answer to <paramref name="question"/> reports this usage, as a provider's response does.</summary>
    public void ReportUsage(string question, long inputTokens, long outputTokens) =>
        _usage[question] = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens };

    public int CallsFor(string question) => Calls.Count(c => c[^1].Text == question);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Enqueue(list);
        var question = list[^1].Text;
        if (_failing.ContainsKey(question))
        {
            throw new HttpRequestException("provider refused the call (test)");
        }

        if (_held.TryGetValue(question, out var held))
        {
            held.MarkCalled();
            using var cancelled = cancellationToken.Register(held.MarkCancelled);
            var text = await (held.IgnoresCancellation ? held.Answer : held.Answer.WaitAsync(cancellationToken));
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = _usage.GetValueOrDefault(question) };
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, AnswerFor(question))) { Usage = _usage.GetValueOrDefault(question) };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>A model answer the test controls.</summary>
    public sealed class HeldAnswer
    {
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the model has been called for this question (the first time); fails after 30 s.</summary>
        public Task Called => _called.Task.WaitAsync(TimeSpan.FromSeconds(30));

        /// <summary>Completes when the token of a call for this question is cancelled; fails after 30 s.</summary>
        public Task Cancelled => _cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        internal Task<string> Answer => _answer.Task;

        internal bool IgnoresCancellation { get; init; }

        public void Release(string answer) => _answer.TrySetResult(answer);

        internal void MarkCalled() => _called.TrySetResult();

        internal void MarkCancelled() => _cancelled.TrySetResult();
    }
}
