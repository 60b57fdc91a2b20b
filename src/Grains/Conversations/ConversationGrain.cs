using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Llm;
using CustomerService.Grains.Knowledge;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// One user's conversation. It records every push durably before the ingress acknowledges it, answers from the
/// FAQ at once, and runs model calls as detached work so that it never holds its turn for one. The ingress then
/// waits through <see cref="WaitForAnswerAsync"/> (interleaving, read-only) and claims the reply.
/// </summary>
public sealed class ConversationGrain : Grain, IConversationGrain
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private readonly IPersistentState<ConversationState> _state;
    private readonly ConversationOptions _options;
    private readonly LlmOptions _llmOptions;
    private readonly ConversationClock _clock;
    private readonly IKnowledgeBase _knowledge;
    private readonly IAccountKnowledgeSettings _accounts;
    private readonly ConversationMetrics _metrics;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly StateWriter _writer;
    private readonly ConversationLedger _ledger;

    // Live model work by dedup id, and the signals that waiting deliveries listen on. Both are per activation:
    // after a restart the persisted status tells which work to run again.
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _answerSignals = new(StringComparer.Ordinal);

    // Generation is serial per conversation, so that answer 1 is in answer 2's history.
    private Task _generationTail = Task.CompletedTask;

    // Set once deactivation stops waiting for running work: work that ends later must not touch the state of an
    // activation that is gone (its status stays "received" in storage, and it runs again on the next activation).
    private bool _deactivated;
    private ConversationKey _key;
    private ConversationResponder _responder = null!;

    public ConversationGrain(
        [PersistentState("conversation", StorageNames.GrainState)] IPersistentState<ConversationState> state,
        IOptions<ConversationOptions> options,
        IOptions<LlmOptions> llmOptions,
        ConversationClock clock,
        IKnowledgeBase knowledge,
        IAccountKnowledgeSettings accounts,
        ConversationMetrics metrics,
        ILogger<ConversationGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(llmOptions);
        _state = state;
        _options = options.Value;
        _llmOptions = llmOptions.Value;
        _clock = clock;
        _knowledge = knowledge;
        _accounts = accounts;
        _metrics = metrics;
        _logger = logger;
        _writer = new StateWriter(state);
        _ledger = new ConversationLedger(() => state.State, _options, metrics);
    }

    private ConversationState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ConversationKey.Parse(this.GetPrimaryKeyString());
        var handoff = new HandoffDetector(_options.Handoff.EffectiveKeywords, _options.Handoff.EffectiveNegations);
        _responder = new ConversationResponder(
            _options, handoff, _knowledge, _accounts.FaqFileFor(_key), _llmOptions.Provider != LlmProvider.None);

        // Work that a previous activation recorded but never finished (a crash, a deactivation) runs again now.
        // It may run twice across activations, but its reply goes out once: the status decides who sends it.
        foreach (var record in State.Messages.Where(m => m.NeedsWork))
        {
            StartGeneration(record, rerun: true);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_running.Count > 0)
        {
            var wait = TimeSpan.FromSeconds(_options.Passive.ShutdownWaitSeconds);
            try
            {
                await Task.WhenAll(_running.Values).WaitAsync(wait, cancellationToken);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("Conversation {Key} deactivated with {Count} answers still running; they run again on the next activation", _key, _running.Count);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Conversation {Key} deactivation cut short with {Count} answers still running", _key, _running.Count);
            }
        }

        _deactivated = true;
        await _writer.WriteIfDirtyAsync();
    }

    public async Task<RecordOutcome> RecordInboundAsync(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = _clock.UtcNow;

        var existing = _ledger.Find(message.DedupId);
        if (existing is not null)
        {
            // A platform retry is never new work: it finds the in-flight or stored reply.
            existing.Attempts++;
            existing.LastReceivedAt = now;
            _metrics.Retried();
            if (existing.NeedsWork && !_running.ContainsKey(existing.DedupId))
            {
                StartGeneration(existing, rerun: true);
            }

            var retryReply = existing.NeedsWork ? null : _ledger.Claim(existing, now).Reply;
            await _writer.WriteAsync();
            return new RecordOutcome { Attempt = existing.Attempts, ReceivedAt = now, AnswerReady = !existing.NeedsWork, Reply = retryReply };
        }

        ResponseDecision decision;
        try
        {
            decision = _responder.Decide(State, message, now);
        }
#pragma warning disable CA1031 // Whatever breaks in deciding, the verified push is still recorded and answered.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Conversation {Key}: deciding the answer to {DedupId} failed; answering with the fallback", _key, message.DedupId);
            decision = ResponseDecision.Reply(_options.Replies.Fallback, "fallback:error");
        }

        var record = new MessageRecord
        {
            DedupId = message.DedupId,
            Kind = message.Kind,
            Text = message.Text,
            PlatformMessageId = message.PlatformMessageId,
            Status = decision.Kind switch
            {
                ResponseDecisionKind.Reply => MessageStatus.Answered,
                ResponseDecisionKind.NoReply => MessageStatus.Acknowledged,
                _ => MessageStatus.Received,
            },
            Attempts = 1,
            FirstReceivedAt = now,
            LastReceivedAt = now,
        };

        if (decision.Kind == ResponseDecisionKind.Reply)
        {
            _ledger.SetAnswer(record, decision.Text!, decision.Source, now);
            if (decision.UserText is { } asked)
            {
                _ledger.AppendHistory(asked, decision.Text!, now);
            }
        }
        else if (decision.Kind == ResponseDecisionKind.NoReply)
        {
            record.AnswerSource = decision.Source;
        }

        State.Messages.Add(record);
        _ledger.Prune(now);
        _metrics.Received();

        // An answer known at once is claimed in the same turn, so that the push costs one state write.
        var reply = record.NeedsWork ? null : _ledger.Claim(record, now).Reply;

        // Durable before the ingress may acknowledge anything.
        await _writer.WriteAsync();

        if (decision.Kind == ResponseDecisionKind.NeedsModel)
        {
            StartGeneration(record, rerun: false);
        }

        return new RecordOutcome { Attempt = 1, ReceivedAt = now, AnswerReady = !record.NeedsWork, Reply = reply };
    }

    public async Task<bool> WaitForAnswerAsync(string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var record = _ledger.Find(dedupId);
        if (record is null || !record.NeedsWork)
        {
            return true;
        }

        var remaining = deadline - _clock.UtcNow;
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        // A caller's deadline is seconds away; the cap only keeps a far one valid for a timer.
        if (remaining > MaxWait)
        {
            remaining = MaxWait;
        }

        if (!_answerSignals.TryGetValue(dedupId, out var signal))
        {
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _answerSignals[dedupId] = signal;
        }

        try
        {
            await signal.Task.WaitAsync(remaining, _clock.Time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<PassiveReply> ClaimPassiveReplyAsync(string dedupId)
    {
        var record = _ledger.Find(dedupId);
        if (record is null)
        {
            _logger.LogWarning("Conversation {Key}: claim for unknown push {DedupId}", _key, dedupId);
            return PassiveReply.Acknowledge;
        }

        var (reply, changed) = _ledger.Claim(record, _clock.UtcNow);
        if (changed)
        {
            await _writer.WriteAsync();
        }

        return reply;
    }

    public Task<ConversationSnapshot> GetSnapshotAsync() => Task.FromResult(new ConversationSnapshot
    {
        History = [.. State.History],
        LastUserMessageAt = State.LastUserMessageAt,
        LastEventAt = State.LastEventAt,
        Unsubscribed = State.Unsubscribed,
        WaitingForHumanSince = State.Handoff?.WaitingSince,
        Messages = [.. State.Messages.Select(m => new MessageView
        {
            DedupId = m.DedupId,
            Status = m.Status,
            Attempts = m.Attempts,
            Answer = m.Answer,
            AnswerSource = m.AnswerSource,
        })],
    });

    private void StartGeneration(MessageRecord record, bool rerun)
    {
        if (rerun)
        {
            _metrics.Rerun();
            _logger.LogInformation("Conversation {Key}: running unanswered push {DedupId} again", _key, record.DedupId);
        }

        var previous = _generationTail;
        var task = GenerateAsync(previous, record.DedupId);
        _generationTail = task;
        _running[record.DedupId] = task;
    }

    // Detached from any request: it never takes the caller's cancellation token, so a platform disconnect at 5 s
    // cannot cancel the model call, and the 30 s response timeout of a grain request cannot cut it short.
    private async Task GenerateAsync(Task previous, string dedupId)
    {
        try
        {
            await previous;
            var record = _ledger.Find(dedupId);
            if (record is null || !record.NeedsWork)
            {
                return;
            }

            var question = record.Text ?? string.Empty;
            if (await AskModelAsync(question) is not var (answer, source))
            {
                // The silo is stopping: no answer is due now; the push runs again on the next activation.
                return;
            }

            if (_deactivated)
            {
                _logger.LogInformation("Conversation {Key}: answer to {DedupId} came after deactivation; it runs again on the next activation", _key, dedupId);
                return;
            }

            // The record may have moved on while the model ran (the last attempt claimed "still working").
            record = _ledger.Find(dedupId);
            if (record is null || !record.NeedsWork)
            {
                return;
            }

            var now = _clock.UtcNow;
            var late = record.Status == MessageStatus.StillWorkingSent;
            _ledger.SetAnswer(record, answer, source, now);
            record.Status = late ? MessageStatus.LateQueued : MessageStatus.Answered;
            _ledger.AppendHistory(question, answer, now);
            await _writer.WriteAsync();
        }
#pragma warning disable CA1031 // Detached work must never fault silently; the status stays "received" and a retry runs it again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Conversation {Key}: answering {DedupId} failed", _key, dedupId);
        }
        finally
        {
            _running.Remove(dedupId);
            if (_answerSignals.Remove(dedupId, out var signal))
            {
                signal.TrySetResult();
            }
        }
    }

    private async Task<(string Answer, string Source)?> AskModelAsync(string question)
    {
        var request = new LlmRequest
        {
            ConversationKey = _key.ToString(),
            UserText = question,
            History = [.. State.History],
        };

        LlmCompletion completion;
        try
        {
            completion = await GrainFactory.GetGrain<ILlmWorkerGrain>(0).CompleteAsync(request, CancellationToken.None);
        }
#pragma warning disable CA1031 // A worker that cannot be reached gives the user the fallback, not silence.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Conversation {Key}: model worker call failed: {ErrorType}: {Error}", _key, ex.GetType().Name, ex.Message);
            completion = new LlmCompletion { Outcome = LlmOutcome.Failed, Error = ex.GetType().Name };
        }

        if (completion.Outcome == LlmOutcome.Interrupted)
        {
            return null;
        }

        return completion is { Outcome: LlmOutcome.Succeeded, Text: { Length: > 0 } text }
            ? (text, "llm")
            : (_options.Replies.Fallback, $"fallback:{completion.Outcome.ToString().ToLowerInvariant()}");
    }
}
