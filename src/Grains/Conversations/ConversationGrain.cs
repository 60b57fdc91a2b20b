using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.Quota;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Interfaces.Llm;
using CustomerService.Grains.Knowledge;
using CustomerService.Grains.Llm;
using CustomerService.Grains.Records;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// One user's conversation. It records every push durably before the ingress acknowledges it, answers from the
/// FAQ at once, and runs model calls as detached work so that it never holds its turn for one. The ingress then
/// waits through <see cref="WaitForAnswerAsync"/> (interleaving, read-only) and claims the reply, unless the push
/// path owns it: then the conversation's outbox sends it, one part at a time, within the platform's quota, and a
/// reminder resumes the outbox after a crash. Every push and every state of its reply is recorded for the
/// <c>messages</c> table: the rows ride in the persisted state until the silo's records writer confirms them.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The records loop's CancellationTokenSource is cancelled and disposed in OnDeactivateAsync.")]
public sealed class ConversationGrain : Grain, IConversationGrain, IRemindable
{
    internal const string RecordsReminder = "records";
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
    private readonly ConversationOutbox _outbox;
    private readonly QuotaPlanner _quota;
    private readonly AccountDeliveryDirectory _delivery;
    private readonly IReadOnlyList<IReplyTransport> _transports;
    private readonly ConversationRecorder _recorder;
    private readonly ConversationRecordChannel _records;
    private readonly RecordOptions _recordOptions;
    private readonly CancellationToken _siloStopping;
    private IReplyTransport? _transport;
    private Task _drain = Task.CompletedTask;
    private bool _drainAgain;

    // Records: rows up to _durableRevision are in stored state and may go to the writer; one loop hands them over at
    // a time. _capturedRevision is what the write in progress will make durable.
    private long _durableRevision;
    private long _capturedRevision;
    private bool _recording;
    private bool _recordsReminderRegistered;
    private CancellationTokenSource? _recordsLifetime;

    // Live model work by dedup id, and the signals that waiting deliveries listen on. Both are per activation:
    // after a restart the persisted status tells which work to run again.
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _answerSignals = new(StringComparer.Ordinal);

    // Deliveries of a push that the ingress is answering right now (waiting for the answer, or claiming it), by the
    // dedup id of the reply's owner. Such a delivery may still carry the answer, whatever the clock says: the answer is
    // not handed to the outbox under it (one owner per reply). Per activation, like the work it waits on.
    private readonly Dictionary<string, int> _passiveDeliveries = new(StringComparer.Ordinal);

    // Generation is serial per conversation, so that answer 1 is in answer 2's history.
    private Task _generationTail = Task.CompletedTask;

    // Turns whose texts have gone to the model: no later message joins them (Conversations:MergeWindowMs).
    private readonly HashSet<string> _handedToModel = new(StringComparer.Ordinal);

    // Set once deactivation stops waiting for running work: work that ends later must not touch the state of an
    // activation that is gone (its status stays "received" in storage, and it runs again on the next activation).
    private bool _deactivated;
    private ConversationKey _key;
    private ConversationResponder _responder = null!;
    private ConversationCountsReporter _counts = null!;
    private ConversationReminders _reminders = null!;

    public ConversationGrain(
        [PersistentState(StorageNames.ConversationState, StorageNames.GrainState)] IPersistentState<ConversationState> state,
        IOptions<ConversationOptions> options,
        IOptions<LlmOptions> llmOptions,
        ConversationClock clock,
        IKnowledgeBase knowledge,
        IAccountKnowledgeSettings accounts,
        ConversationMetrics metrics,
        AccountDeliveryDirectory delivery,
        IEnumerable<IReplyTransport> transports,
        ConversationRecordChannel records,
        IOptions<RecordOptions> recordOptions,
        IHostApplicationLifetime lifetime,
        ILogger<ConversationGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(recordOptions);
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
        _recorder = new ConversationRecorder(() => state.State);
        _records = records;
        _recordOptions = recordOptions.Value;
        _siloStopping = lifetime.ApplicationStopping;
        _writer = new StateWriter(state, CaptureRecords, OnStateWritten, OnStale);
        _ledger = new ConversationLedger(() => state.State, _options, metrics);
        _quota = new QuotaPlanner(QuotaPolicy.WeChatOfficialAccount);
        _outbox = new ConversationOutbox(() => state.State, _options, _quota, metrics);
        _delivery = delivery;
        _transports = [.. transports];
    }

    private ConversationState State => _state.State;

    // Once the silo is stopping, or this activation is being replaced, another activation of the conversation may
    // already run elsewhere on the stored state (see OnDeactivateAsync): work that ends now stores nothing.
    private bool HandingOver => _deactivated || _siloStopping.IsCancellationRequested;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ConversationKey.Parse(this.GetPrimaryKeyString());
        using var scope = ConversationScope();
        _counts = new ConversationCountsReporter(() => _state.State, () => GrainFactory.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(_key).ToString()), _key);
        _reminders = new ConversationReminders(this, () => _state.State, _options, _clock, _logger);
        _transport = _transports.FirstOrDefault(t => t.Channel == _key.Channel);
        _ledger.UpgradeStoredRecords();
        var handoff = new HandoffDetector(_options.Handoff.EffectiveKeywords, _options.Handoff.EffectiveNegations);
        _responder = new ConversationResponder(
            _options,
            handoff,
            _knowledge,
            _accounts.FaqFileFor(_key),
            _llmOptions.Provider != LlmProvider.None,
            _key.Channel == ChannelKind.WeChat && Settings.TransferToHumanService);

        // Work that a previous activation recorded but never finished (a crash, a deactivation) runs again now.
        // It may run twice across activations, but its reply goes out once: the status decides who sends it.
        foreach (var record in State.Messages.Where(m => m.NeedsWork))
        {
            StartGeneration(record, rerun: true);
        }

        // So does an outbox that a crash left with parts to send (one "sending" part is sent again), or with a late
        // answer it had not pushed yet: the drain asks the account, and pushes it or holds it for the next message.
        if (HasPushWork)
        {
            KickDrain();
        }

        // Rows a previous activation left unconfirmed (a crash, an outage) are handed over again.
        _durableRevision = State.RecordRevision;
        _recordsLifetime = new CancellationTokenSource();
        FlushRecords();

        // Changes the counts never confirmed (a report that failed) are caught up by the outbox reminder's next tick.
        // So are answers that no passive delivery took (the ingress went with the dead silo): once their window is
        // over, a tick hands them to the outbox or holds them for the next message.
        if (_counts.HasUnreported || _ledger.UnclaimedAnswers().Count > 0)
        {
            await EnsureOutboxReminderAsync();
        }

        await _reminders.ScheduleHeldExpiryAsync(_key, Settings.HeldReplyMaxAge);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        using var scope = ConversationScope();
        if (IsHandover(reason) || _writer.Stale)
        {
            // Another activation of this conversation may already exist: when a silo stops, the others drop its
            // activations from the grain directory at once (and so do they for activations whose directory entry lived
            // on a silo that left), so the next delivery of a push activates the conversation anew while this one still
            // deactivates. Any write from here on would overwrite that activation's, or make its writes fail on the
            // version. So this one stores nothing more and waits for nothing: work still running runs again there (its
            // status is "received" in storage), and unsaved bookkeeping (report markers, confirmed records) is redone,
            // which is safe to repeat. The reminders are left as they are, for the same reason.
            _deactivated = true;
            if (_running.Count > 0)
            {
                _logger.LogInformation("Conversation {Key} handed over ({Reason}) with {Count} answers still running; they run again on the next activation", _key, reason.ReasonCode, _running.Count);
            }

            await StopRecordsAsync();
            return;
        }

        if (_running.Count > 0 || !_drain.IsCompleted)
        {
            var wait = TimeSpan.FromSeconds(_options.Passive.ShutdownWaitSeconds);
            try
            {
                await Task.WhenAll(_running.Values.Append(_drain)).WaitAsync(wait, cancellationToken);
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
        await StopRecordsAsync();
        await _writer.WriteIfDirtyAsync();
        await SettleRecordsReminderAsync();
    }

    private static bool IsHandover(DeactivationReason reason) =>
        reason.ReasonCode is DeactivationReasonCode.ShuttingDown or DeactivationReasonCode.DirectoryFailure or DeactivationReasonCode.DuplicateActivation;

    private async Task StopRecordsAsync()
    {
        if (_recordsLifetime is { } lifetime)
        {
            await lifetime.CancelAsync();
            lifetime.Dispose();
            _recordsLifetime = null;
        }
    }

    // Storage refused a write for its version: another activation wrote since this one read. Its state is stale, so
    // it goes at once, and the next call reads the stored state afresh.
    private void OnStale()
    {
        _logger.LogWarning("Conversation {Key}: another activation changed the stored state; this activation goes, and the next call reads it afresh", _key);
        DeactivateOnIdle();
    }

    public async Task<RecordOutcome> RecordInboundAsync(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var scope = MessageScope(message.DedupId, message.PlatformMessageId);
        var now = _clock.UtcNow;

        var existing = _ledger.Find(message.DedupId);
        if (existing is not null)
        {
            // A platform retry is never new work: it finds the in-flight or stored reply.
            existing.Attempts++;
            _logger.LogDebug("Platform retry {Attempt} of a recorded {Kind} push ({Status})", existing.Attempts, existing.Kind, existing.Status);
            existing.LastReceivedAt = now;
            _metrics.Retried();
            var owner = _ledger.OwnerOf(existing) ?? existing;
            if (owner.NeedsWork && !_running.ContainsKey(owner.DedupId))
            {
                StartGeneration(owner, rerun: true);
            }

            if (existing.TransferToHuman)
            {
                await CommitAsync();
                return new RecordOutcome { Attempt = existing.Attempts, ReceivedAt = now, AnswerReady = true, Reply = PassiveReply.TransferToHuman };
            }

            if (owner.Path == DeliveryPath.Push)
            {
                // The push path owns the reply: the retry gets the plain acknowledgement, so nothing arrives twice.
                await CommitAsync();
                KickDrain();
                return new RecordOutcome { Attempt = existing.Attempts, ReceivedAt = now, AnswerReady = true, Reply = PassiveReply.Acknowledge };
            }

            var retryReply = owner.NeedsWork ? null : _ledger.Claim(existing, now).Reply;
            await CommitAsync();
            return new RecordOutcome { Attempt = existing.Attempts, ReceivedAt = now, AnswerReady = !owner.NeedsWork, Reply = retryReply };
        }

        // Null when the account could not be asked: this push's reply then takes the passive timeline (ChooseOwner).
        var mode = await ResolveModeAsync();
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

        var pushCapable = mode is EffectiveDeliveryMode.Push or EffectiveDeliveryMode.PassiveThenPush;
        if (decision is { Kind: ResponseDecisionKind.Transfer, Text: not null } && !pushCapable)
        {
            // The passive reply is the transfer itself and can carry no text; without push the notice is dropped.
            decision = ResponseDecision.Transfer(null, decision.Source);
        }

        // A text question within the merge window of the user's previous one, still waiting for its model answer,
        // joins that turn: one answer, generated from all the texts, replies to every message of it.
        var turn = message.Kind is InboundKind.Text or InboundKind.Voice
            && (decision.Kind == ResponseDecisionKind.NeedsModel || decision is { Kind: ResponseDecisionKind.Reply, UserText: not null })
            ? _ledger.OpenTurn(now, _handedToModel.Contains)
            : null;
        if (turn is not null)
        {
            decision = ResponseDecision.Merged();
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
                ResponseDecisionKind.Transfer when decision.Text is not null => MessageStatus.Answered,
                ResponseDecisionKind.NoReply or ResponseDecisionKind.Transfer => MessageStatus.Acknowledged,
                _ => MessageStatus.Received,
            },
            MergedInto = turn?.DedupId,
            TransferToHuman = decision.Kind == ResponseDecisionKind.Transfer,
            Attempts = 1,
            FirstReceivedAt = now,
            LastReceivedAt = now,
        };

        if (decision is { Kind: ResponseDecisionKind.Reply } or { Kind: ResponseDecisionKind.Transfer, Text: not null })
        {
            _ledger.SetAnswer(record, decision.Text!, decision.Source, now);
            record.HistoryQuestion = decision.UserText;
        }
        else if (decision.Kind is ResponseDecisionKind.NoReply or ResponseDecisionKind.Transfer or ResponseDecisionKind.Merged)
        {
            record.AnswerSource = decision.Source;
        }

        TrackQuota(message.Kind, now);
        if (message.Kind == InboundKind.Unsubscribe)
        {
            _ledger.ExpireOnUnsubscribe("unsubscribed");
        }

        if (mode is not null && !pushCapable)
        {
            // Answers no delivery took in their window go in front of this reply, as late answers do.
            HoldUnclaimedAnswers(now);
        }

        _ledger.ChooseOwner(record, mode, turn, now);
        State.Messages.Add(record);
        _ledger.FlushHistory(now);
        _ledger.Prune(now, Settings.HeldReplyMaxAge);
        _metrics.Received(_key.Channel, message.Kind);
        _logger.LogDebug("Recorded {Kind} push: {Decision} ({Source}), {Path} delivery", message.Kind, decision.Kind, decision.Source, record.Path);

        // An answer known at once is claimed in the same turn, so that the push costs one state write.
        var reply = record.TransferToHuman ? PassiveReply.TransferToHuman
            : record.Path == DeliveryPath.Push ? PassiveReply.Acknowledge
            : (turn ?? record).NeedsWork ? null : _ledger.Claim(record, now).Reply;

        // Durable before the ingress may acknowledge anything: the counts, the state, and the reminder that resumes
        // the work.
        await CommitAsync();
        if (record.NeedsWork || record.Path == DeliveryPath.Push)
        {
            await EnsureOutboxReminderAsync();
        }

        if (decision.Kind == ResponseDecisionKind.NeedsModel)
        {
            StartGeneration(record, rerun: false);
            StartTyping(record.DedupId, mode);
        }

        if (mode is EffectiveDeliveryMode.Push or EffectiveDeliveryMode.PassiveThenPush)
        {
            KickDrain();
        }

        return new RecordOutcome
        {
            Attempt = 1,
            ReceivedAt = now,
            AnswerReady = record.Path == DeliveryPath.Push || !(turn ?? record).NeedsWork,
            Reply = reply,
        };
    }

    public async Task<bool> WaitForAnswerAsync(string dedupId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // A merged message waits for its turn's answer.
        var record = _ledger.Find(dedupId) is { } found ? _ledger.OwnerOf(found) : null;
        if (record is null || !record.NeedsWork)
        {
            return true;
        }

        dedupId = record.DedupId;

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

        EnterPassiveDelivery(dedupId);
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
        finally
        {
            LeavePassiveDelivery(dedupId);
        }
    }

    private void EnterPassiveDelivery(string ownerId) =>
        _passiveDeliveries[ownerId] = _passiveDeliveries.GetValueOrDefault(ownerId) + 1;

    private void LeavePassiveDelivery(string ownerId)
    {
        if (_passiveDeliveries.TryGetValue(ownerId, out var count) && count > 1)
        {
            _passiveDeliveries[ownerId] = count - 1;
        }
        else
        {
            _passiveDeliveries.Remove(ownerId);
        }
    }

    public async Task<PassiveReply> ClaimPassiveReplyAsync(string dedupId)
    {
        var record = _ledger.Find(dedupId);
        using var scope = MessageScope(dedupId, record?.PlatformMessageId);
        if (record is null)
        {
            // The ingress claims only after its record call succeeded, so the push is stored: this activation read
            // the state before that write (a second activation, briefly, while a silo hands its conversations over).
            // "success" would end WeChat's exchange with no answer; holding lets the retry find the stored push.
            _logger.LogWarning("Conversation {Key}: claim for unknown push {DedupId}; held so that WeChat retries", _key, dedupId);
            return PassiveReply.Hold;
        }

        var owner = _ledger.OwnerOf(record) ?? record;
        EnterPassiveDelivery(owner.DedupId);
        try
        {
            return await ClaimAsync(record, owner);
        }
        finally
        {
            LeavePassiveDelivery(owner.DedupId);
        }
    }

    private async Task<PassiveReply> ClaimAsync(MessageRecord record, MessageRecord owner)
    {
        if (owner is { Path: DeliveryPath.Passive, NeedsWork: true })
        {
            // Not ready within the budget. A capable account pushes it when it is (Auto mode); the push path now
            // owns the reply, so this and every later delivery of the push get the plain acknowledgement. The
            // record is looked at again after the account lookup: the answer may have come meanwhile, and then this
            // claim simply carries it (deciding on the state before the await would leave it to a reminder tick).
            // An account that cannot be asked (null) keeps the reply on the passive timeline.
            var mode = await ResolveModeAsync();
            if (mode is EffectiveDeliveryMode.PassiveThenPush or EffectiveDeliveryMode.Push && owner is { Path: DeliveryPath.Passive, NeedsWork: true })
            {
                _ledger.HandToPush(owner);
                await _writer.WriteAsync();
                await EnsureOutboxReminderAsync();
                KickDrain();
                return PassiveReply.Acknowledge;
            }
        }

        var (reply, changed) = _ledger.Claim(record, _clock.UtcNow);
        if (changed)
        {
            await CommitAsync();
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
            Delivery = m.Delivery,
            DeliveryReason = m.DeliveryReason,
            Pushed = m.Path == DeliveryPath.Push,
            PossiblyDuplicated = m.PossiblyDuplicated,
            MergedInto = m.MergedInto,
        })],
    });

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (string.Equals(reminderName, RecordsReminder, StringComparison.Ordinal))
        {
            await OnRecordsReminderAsync();
            return;
        }

        if (string.Equals(reminderName, ConversationReminders.HeldExpiry, StringComparison.Ordinal))
        {
            // Held replies past their age expire now, not with the user's next message; the counts move with them.
            _ledger.Prune(_clock.UtcNow, Settings.HeldReplyMaxAge);
            await CommitIfChangedAsync();
            await _reminders.ScheduleHeldExpiryAsync(_key, Settings.HeldReplyMaxAge, force: true);
            return;
        }

        if (!string.Equals(reminderName, ConversationReminders.Outbox, StringComparison.Ordinal))
        {
            return;
        }

        using var scope = ConversationScope();
        _reminders.OnOutboxTick();
        foreach (var record in State.Messages.Where(m => m.NeedsWork && !_running.ContainsKey(m.DedupId)))
        {
            StartGeneration(record, rerun: true);
        }

        // An answer ready inside its passive window that no delivery took (the ingress held and gave up, or died):
        // once the window is over, it is pushed if the account can push, else held for the next message.
        await SettleUnclaimedAnswersAsync();
        if (HasPushWork)
        {
            KickDrain();
        }

        if (await ReportCountsAsync())
        {
            _writer.MarkDirty();
            await _writer.WriteIfDirtyAsync();
        }

        // Judged on the state as it is now, after the awaits above: an answer generated meanwhile may wait for its
        // passive window, and a result computed before them would let the reminder go with that answer unclaimed.
        if (_running.Count == 0 && _drain.IsCompleted && !HasPushWork && _ledger.UnclaimedAnswers().Count == 0 && !State.Messages.Any(m => m.NeedsWork) && !_counts.HasUnreported)
        {
            // Nothing left that a crash could lose: the reminder goes, and comes back with the next piece of work.
            await _reminders.RemoveOutboxAsync();
        }
    }

    private AccountDeliverySettings Settings => _delivery.SettingsFor(_key);

    // Structured log scopes: every line logged for a push carries its conversation and platform message id, so that
    // one message can be followed from the ingress through its work and delivery. Detached work started while a
    // push's scope is open (its generation, a typing call, an outbox drain) inherits it, and opens its own scope for
    // the push it works on.
    private IDisposable? MessageScope(string dedupId, string? platformMessageId) =>
        _logger.BeginScope("Conversation {ConversationKey}, message {PlatformMessageId} ({DedupId})", _key.ToString(), platformMessageId, dedupId);

    private IDisposable? ConversationScope() =>
        _logger.BeginScope("Conversation {ConversationKey}", _key.ToString());

    // Runs inside the state writer's gate, just before a write: the rows are stored with the change they record.
    private void CaptureRecords()
    {
        _recorder.Capture(_clock.UtcNow);
        _capturedRevision = State.RecordRevision;
    }

    private void OnStateWritten()
    {
        _durableRevision = Math.Max(_durableRevision, _capturedRevision);
        FlushRecords();
    }

    // Hands durable rows to the silo's records writer, off the request path: a detached loop, one at a time, like
    // the reports. Only rows already in stored state go, so the store never holds a row whose change was not kept.
    private void FlushRecords()
    {
        if (_deactivated || _recording || _recordsLifetime is not { } lifetime
            || !State.PendingRecords.Any(r => r.Revision <= _durableRevision))
        {
            return;
        }

        _recording = true;
        _ = RecordLoopAsync(lifetime.Token);
    }

    private async Task RecordLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!_deactivated)
            {
                var batch = State.PendingRecords.Where(r => r.Revision <= _durableRevision).ToList();
                if (batch.Count == 0)
                {
                    break;
                }

                // Before the rows leave: if the silo dies before the writer confirms them, this reminder brings the
                // conversation back to hand them over again, with no message needed.
                await EnsureRecordsReminderAsync();

                // Waits for room while the silo's queue is full (back-pressure), then for the store's confirmation;
                // during an outage the writer retries with back-off and the rows stay in state.
                var confirmed = await _records.EnqueueAsync([.. batch.Select(r => ConversationRecordRow.From(_key, r))], cancellationToken);
                await confirmed.WaitAsync(cancellationToken);

                var revisions = batch.Select(r => r.Revision).ToHashSet();
                State.PendingRecords.RemoveAll(r => revisions.Contains(r.Revision));

                // Removal can wait for the next write: if it is lost, the rows are written again, which changes nothing.
                _writer.MarkDirty();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivated: the rows stay in state, and the reminder or the next activation hands them over.
        }
#pragma warning disable CA1031 // Detached work never faults silently; the rows stay in state and go with the next write or tick.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Conversation {Key}: handing records to the writer failed; they stay in state and go again later", _key);
        }
        finally
        {
            _recording = false;
        }
    }

    private async Task EnsureRecordsReminderAsync()
    {
        if (_recordsReminderRegistered)
        {
            return;
        }

        var period = TimeSpan.FromSeconds(_recordOptions.ReminderPeriodSeconds);
        try
        {
            await this.RegisterOrUpdateReminder(RecordsReminder, period, period);
            _recordsReminderRegistered = true;
        }
#pragma warning disable CA1031 // The rows are durable in state: without the reminder they go with the next activation instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Conversation {Key}: the records reminder could not be registered; unconfirmed records go with the next activation instead", _key);
        }
    }

    private async Task OnRecordsReminderAsync()
    {
        _recordsReminderRegistered = true;
        FlushRecords();
        if (!_recording && State.PendingRecords.Count == 0)
        {
            await UnregisterRecordsReminderAsync();
        }
    }

    // At deactivation: the reminder stays exactly while rows wait for the writer.
    private async Task SettleRecordsReminderAsync()
    {
        if (State.PendingRecords.Count > 0)
        {
            await EnsureRecordsReminderAsync();
        }
        else if (_recordsReminderRegistered)
        {
            await UnregisterRecordsReminderAsync();
        }
    }

    private async Task UnregisterRecordsReminderAsync()
    {
        try
        {
            if (await this.GetReminder(RecordsReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _recordsReminderRegistered = false;
        }
#pragma warning disable CA1031 // A reminder left behind only costs one more tick, which removes it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Conversation {Key}: the records reminder could not be removed ({ErrorType}); its next tick tries again", _key, ex.GetType().Name);
        }
    }

    // Work for the outbox: a part left sending, a pushed reply not yet out, or one held only for a pause.
    private bool HasPushWork => State.Messages.Any(m =>
        m.InFlight is not null
        || m is { Path: DeliveryPath.Push, Delivery: DeliveryState.Pending }
        || m is { Delivery: DeliveryState.Held, ResumesOnItsOwn: true });

    // False when no reply of this conversation can ever be pushed (no transport, a Passive account, no AppSecret): no
    // lookup is needed to know it.
    private bool MayEverPush => _transport is not null && Settings is { Mode: not DeliveryMode.Passive, PushConfigured: true };

    // Null when the account's view could not be read: unknown, which is not passive (see TryResolveAsync).
    private async Task<EffectiveDeliveryMode?> ResolveModeAsync() =>
        _transport is null ? EffectiveDeliveryMode.Passive : (await TryResolveAsync())?.Mode;

    // A failed lookup (the account grain timed out, its silo went away) says nothing about the account: treated as a
    // refusal, it would hold every reply the outbox owns for a next message that a user who already got "success" has
    // no reason to send. So the callers tell it apart: a new message takes the passive timeline for its own reply,
    // and the outbox stops until its reminder's next tick asks again.
    private async Task<(EffectiveDeliveryMode Mode, AccountDeliveryView View)?> TryResolveAsync()
    {
        try
        {
            return await _delivery.ResolveAsync(_key);
        }
#pragma warning disable CA1031 // Any failure of the lookup is the same unknown to the callers; none of them may fail for it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Conversation {Key}: the account's delivery view is unavailable ({ErrorType}); a new message is answered passively, pushed replies wait for the outbox's next tick", _key, ex.GetType().Name);
            return null;
        }
    }

    private void TrackQuota(InboundKind kind, DateTimeOffset now)
    {
        switch (kind)
        {
            case InboundKind.Text or InboundKind.Image or InboundKind.Voice or InboundKind.Video
                or InboundKind.Location or InboundKind.Link or InboundKind.UnsupportedContent:
                _quota.OnUserMessage(State.Quota, now);
                break;
            case InboundKind.MenuClick or InboundKind.Scan or InboundKind.Subscribe:
                _quota.OnInteraction(State.Quota, now);
                break;
        }
    }

    private Task EnsureOutboxReminderAsync() => _reminders.EnsureOutboxAsync(_key);

    private void KickDrain()
    {
        if (_transport is null || _deactivated)
        {
            return;
        }

        if (!_drain.IsCompleted)
        {
            // The running drain plans again after each part; this makes sure it looks once more before it stops.
            _drainAgain = true;
            return;
        }

        _drain = DrainAsync(_transport);
    }

    // Sends outside any request turn, one part at a time, each awaited before the next: the held reply, then
    // answer 1, then answer 2. Every part is stored as "sending" before the call and as sent after it.
    private async Task DrainAsync(IReplyTransport transport)
    {
        try
        {
            do
            {
                _drainAgain = false;

                // No new part once the conversation is handed over: another activation may be draining the same
                // outbox from the stored state. A part already sent is still stored as sent below.
                while (!HandingOver)
                {
                    if (await TryResolveAsync() is not { } resolved)
                    {
                        // Unknown, not passive: every reply keeps its owner and state, and the outbox reminder (kept
                        // while it has push work) runs the drain again on its next tick.
                        await EnsureOutboxReminderAsync();
                        return;
                    }

                    var (mode, view) = resolved;
                    if (mode is not (EffectiveDeliveryMode.Push or EffectiveDeliveryMode.PassiveThenPush)
                        && !State.Messages.Any(m => m.InFlight is not null))
                    {
                        // Passive now (48001, or settings): what waited for the outbox is held, and goes out as pages
                        // of passive replies with the user's next messages.
                        if (_ledger.HoldForPassiveDelivery(_clock.UtcNow))
                        {
                            await CommitAsync();
                        }

                        break;
                    }

                    var now = _clock.UtcNow;
                    if (view.PausedUntil is { } until && until > now)
                    {
                        foreach (var waiting in State.Messages.Where(m => m is { Path: DeliveryPath.Push, Delivery: DeliveryState.Pending, InFlight: null }))
                        {
                            ConversationLedger.HoldUntilResumed(waiting, $"paused: account API quota spent until {until:o}", now);
                        }

                        await CommitIfChangedAsync();
                        break;
                    }

                    var chunk = _outbox.Next(Settings.MaxTextBytes, now, out var record);
                    if (chunk is null || record is null)
                    {
                        // Nothing to send now; replies the quota does not allow were held by the planning.
                        await CommitIfChangedAsync();
                        break;
                    }

                    using var partScope = MessageScope(record.DedupId, record.PlatformMessageId);
                    record.InFlight = chunk;
                    await _writer.WriteAsync();
                    if (record.Delivery == DeliveryState.Expired)
                    {
                        // The user unsubscribed while the "sending" mark was being stored: the part never left, and
                        // nothing goes to a user who left. The next plan clears the mark and stores it.
                        record.InFlight = null;
                        _writer.MarkDirty();
                        continue;
                    }

                    var outcome = await transport.SendTextAsync(_key, chunk.Text, CancellationToken.None);
                    if (outcome.Kind != SendOutcomeKind.Sent)
                    {
                        _logger.LogWarning("Conversation {Key}: push of {DedupId} got {Outcome}", _key, record.DedupId, outcome.Describe());
                    }

                    var carryOn = _outbox.Apply(record, outcome, _clock.UtcNow);
                    await CommitAsync();
                    await ReportToAccountAsync(outcome);
                    if (!carryOn)
                    {
                        break;
                    }
                }
            }
            while (_drainAgain && !HandingOver);
        }
        catch (InconsistentStateException)
        {
            _logger.LogWarning("Conversation {Key}: the outbox stopped, another activation changed the state; it drains there", _key);
        }
#pragma warning disable CA1031 // Detached work never faults silently; the outbox reminder runs it again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Conversation {Key}: the outbox stopped; its reminder resumes it", _key);
        }
    }

    private async Task ReportToAccountAsync(SendOutcome outcome)
    {
        try
        {
            await _delivery.ReportAsync(_key, outcome);
        }
#pragma warning disable CA1031 // The account's view is advisory here; the next outcome reports again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Conversation {Key}: could not report a send outcome to the account ({ErrorType})", _key, ex.GetType().Name);
        }
    }

    // Never in passive mode, nor while the mode is unknown (null: the reply takes the passive timeline); see
    // ConversationTyping for the platform's rules.
    private void StartTyping(string dedupId, EffectiveDeliveryMode? mode)
    {
        if (_transport is not null && mode is not (null or EffectiveDeliveryMode.Passive))
        {
            new ConversationTyping(_transport, _key, _clock, ReportToAccountAsync, GeneratingSince, _logger).Start(dedupId);
        }
    }

    private DateTimeOffset? GeneratingSince(string dedupId) =>
        !_deactivated && _ledger.Find(dedupId) is { NeedsWork: true } record ? record.FirstReceivedAt : null;

    // Stores a ledger change, with the account's delivery counts updated first in the same turn (issue 3 §6), so
    // that their confirmation is stored with the change itself.
    private async Task CommitAsync()
    {
        await ReportCountsAsync();
        await _writer.WriteAsync();
        await _reminders.ScheduleHeldExpiryAsync(_key, Settings.HeldReplyMaxAge);
    }

    private async Task CommitIfChangedAsync()
    {
        if (_counts.HasUnreported)
        {
            await CommitAsync();
        }
        else
        {
            await _writer.WriteIfDirtyAsync();
        }
    }

    // Counts that cannot be reached lose nothing: the confirmation stays behind, and the outbox reminder (kept while a
    // change is unconfirmed) reports it again.
    private async Task<bool> ReportCountsAsync()
    {
        try
        {
            return await _counts.ReportAsync();
        }
#pragma warning disable CA1031 // The ledger change itself must still be stored; the counts catch up on the next tick.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning("Conversation {Key}: delivery counts not updated ({ErrorType}); the outbox reminder reports again", _key, ex.GetType().Name);
            await EnsureOutboxReminderAsync();
            return false;
        }
    }

    // An answer the passive path owns, that no delivery took, whose push WeChat can no longer deliver: its window is
    // over (Conversations:Passive:WindowSeconds) and no delivery of it is being answered now. Nothing else would
    // ever send it: it was generated after every attempt was over (a silo died during generation and the answer was
    // generated again on recovery), or the attempts never claimed it.
    private bool PassiveWindowOver(MessageRecord lead, DateTimeOffset now) =>
        now >= _ledger.PassiveWindowEnd(lead) && !_passiveDeliveries.ContainsKey(lead.DedupId);

    private bool HoldUnclaimedAnswers(DateTimeOffset now)
    {
        var changed = false;
        foreach (var lead in _ledger.UnclaimedAnswers().Where(m => PassiveWindowOver(m, now)))
        {
            ConversationLedger.HoldUnclaimed(lead, now);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Hands every answer whose passive window is over to the outbox when the account may push now (Push, or a capable
    /// Auto account), or holds it for the user's next message when it may not. The outbox keeps the order: it plans
    /// nothing past an answer still being generated.
    /// </summary>
    /// <returns>True while an unclaimed answer still waits: its window is open, or the account could not be asked.</returns>
    private async Task<bool> SettleUnclaimedAnswersAsync()
    {
        if (!_ledger.UnclaimedAnswers().Any(m => PassiveWindowOver(m, _clock.UtcNow)))
        {
            return _ledger.UnclaimedAnswers().Count > 0;
        }

        var mode = await ResolveModeAsync();
        if (mode is null)
        {
            // Unknown, not passive: the answer keeps its owner, and the next tick asks again.
            return true;
        }

        // Decided on the ledger as it is after the lookup: a delivery may have taken an answer meanwhile.
        var now = _clock.UtcNow;
        var changed = false;
        if (mode is EffectiveDeliveryMode.Push or EffectiveDeliveryMode.PassiveThenPush)
        {
            foreach (var lead in _ledger.UnclaimedAnswers().Where(m => PassiveWindowOver(m, now)))
            {
                _logger.LogInformation("Conversation {Key}: no passive delivery took the answer to {DedupId} within its window; the outbox pushes it", _key, lead.DedupId);
                _ledger.HandToPush(lead);
                changed = true;
            }
        }
        else
        {
            changed = HoldUnclaimedAnswers(now);
        }

        if (changed)
        {
            await CommitAsync();
            KickDrain();
        }

        return _ledger.UnclaimedAnswers().Count > 0;
    }

    private void StartGeneration(MessageRecord record, bool rerun)
    {
        if (rerun)
        {
            _metrics.Rerun();
            _logger.LogInformation("Conversation {Key}: running unanswered push {DedupId} again", _key, record.DedupId);
        }

        var previous = _generationTail;
        var task = GenerateAsync(previous, record.DedupId, record.PlatformMessageId);
        _generationTail = task;
        _running[record.DedupId] = task;
    }

    // Detached from any request: it never takes the caller's cancellation token, so a platform disconnect at 5 s
    // cannot cancel the model call, and the 30 s response timeout of a grain request cannot cut it short.
    private async Task GenerateAsync(Task previous, string dedupId, string? platformMessageId)
    {
        using var scope = MessageScope(dedupId, platformMessageId);
        try
        {
            await previous;
            var record = _ledger.Find(dedupId);
            if (record is null || !record.NeedsWork)
            {
                return;
            }

            var question = await CloseTurnAsync(record);
            if (_deactivated)
            {
                return;
            }

            if (await AskModelAsync(question) is not var (answer, source))
            {
                // The silo is stopping: no answer is due now; the push runs again on the next activation.
                return;
            }

            if (HandingOver)
            {
                _logger.LogInformation("Conversation {Key}: answer to {DedupId} came while the conversation was handed over; it runs again on the next activation", _key, dedupId);
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
            if (State.Unsubscribed || record.DroppedByUnsubscribe)
            {
                // The user left while the answer was being generated (and may have followed again since): like every
                // undelivered reply at the unsubscribe, it is dropped at once.
                ConversationLedger.Expire(record, "unsubscribed");
            }
            else if (late && MayEverPush)
            {
                // Held until the outbox has asked the account, not until the user writes: the user was told "still
                // working", and a capable account pushes it. Held for the next message only, a failed lookup or a crash
                // before the first push would strand it there (no tick counts such a hold as work). The drain holds it
                // for the next message once a lookup says the account cannot push.
                ConversationLedger.HoldUntilResumed(record, "late: the passive window passed; pushed if the account can push, else goes in front of the next reply", now);
            }
            else if (late)
            {
                ConversationLedger.Hold(record, "late: the passive window passed; goes in front of the next reply", now);
            }

            record.HistoryQuestion = question;
            _ledger.FlushHistory(now);
            await CommitAsync();
            if (record.Path == DeliveryPath.Push || late)
            {
                KickDrain();
            }
            else if (record is { Status: MessageStatus.Answered, Delivery: DeliveryState.Pending }
                && await SettleUnclaimedAnswersAsync())
            {
                // Ready while WeChat may still deliver the push (or while a delivery is being answered): one of its
                // attempts carries it. If none does, the reminder's first tick after the window hands it on.
                await EnsureOutboxReminderAsync();
            }
        }
        catch (InconsistentStateException)
        {
            // Another activation owns the stored state (OnStale): the push is still "received" there, and runs again.
            _logger.LogWarning("Conversation {Key}: the answer to {DedupId} was not stored, another activation changed the state; it runs again there", _key, dedupId);
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

    // Under Conversations:MergeWindowMs the model waits until the turn's window closes (bounded by the option's range),
    // then gets every text of the turn, oldest first; the merged messages are then part of this answer.
    private async Task<string> CloseTurnAsync(MessageRecord lead)
    {
        if (_options.MergeWindowMs > 0)
        {
            var left = lead.FirstReceivedAt + TimeSpan.FromMilliseconds(_options.MergeWindowMs) - _clock.UtcNow;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, _clock.Time);
            }
        }

        _handedToModel.Add(lead.DedupId);
        return _ledger.CollectTurn(lead);
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
