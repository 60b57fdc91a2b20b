using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Decides the answer to a new push from the conversation state, without the model: welcome, FAQ, handoff,
/// rate limit, the "please type" replies. It updates the state it is given (the grain is its single writer).
/// Only a question that the FAQ cannot answer while a model is configured is left to the model.
/// </summary>
internal sealed class ConversationResponder(
    ConversationOptions options,
    HandoffDetector handoff,
    IKnowledgeBase knowledge,
    string? faqFile,
    bool modelEnabled,
    bool transferToHuman)
{
    // WeChat forwards an open session's messages to the agent, and stops 30 minutes after the session's last event
    // if the agent never closes it (https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Forwarding_of_messages_to_service_center.html).
    private static readonly TimeSpan OpenSessionReleasedAfter = TimeSpan.FromMinutes(30);

    public ResponseDecision Decide(ConversationState state, InboundMessage message, DateTimeOffset now)
    {
        var replies = options.Replies;
        switch (message.Kind)
        {
            case InboundKind.Subscribe:
                state.Unsubscribed = false;
                state.LastEventAt = now;
                return ResponseDecision.Reply(replies.Welcome, "welcome");
            case InboundKind.Unsubscribe:
                state.Unsubscribed = true;
                return ResponseDecision.NoReply("unsubscribe");
            case InboundKind.Scan:
                state.Unsubscribed = false;
                state.LastEventAt = now;
                return ResponseDecision.NoReply("scan");
            case InboundKind.MenuClick:
                state.LastEventAt = now;
                return FindFaq(message.EventKey) is { } menuAnswer
                    ? ResponseDecision.Reply(menuAnswer, "faq")
                    : ResponseDecision.NoReply("menu-click");
            case InboundKind.HumanSessionOpened:
                state.Handoff ??= new HandoffState { WaitingSince = now };
                state.Handoff.SessionOpenedAt = now;
                state.Handoff.LastSessionEventAt = now;
                state.Handoff.Agent = message.EventKey;
                return ResponseDecision.NoReply("human-session-opened");
            case InboundKind.HumanSessionSwitched:
                state.Handoff ??= new HandoffState { WaitingSince = now, SessionOpenedAt = now };
                state.Handoff.LastSessionEventAt = now;
                state.Handoff.Agent = message.EventKey;
                return ResponseDecision.NoReply("human-session-switched");
            case InboundKind.HumanSessionClosed:
                state.Handoff = null;
                return ResponseDecision.NoReply("human-session-closed");
            case InboundKind.MenuView:
            case InboundKind.LocationReport:
            case InboundKind.DeliveryReceipt:
            case InboundKind.Unknown:
                return ResponseDecision.NoReply(message.Kind.ToString().ToLowerInvariant());
            default:
                return DecideUserMessage(state, message, now);
        }
    }

    private ResponseDecision DecideUserMessage(ConversationState state, InboundMessage message, DateTimeOffset now)
    {
        var replies = options.Replies;

        // Only a user's own message opens the platform's 48 h window, whatever its content.
        state.LastUserMessageAt = now;
        state.Unsubscribed = false;

        if (!TokenBucket.TryTake(state.RateLimit, options.RateLimit, now))
        {
            return ResponseDecision.Reply(replies.OverLimit, "rate-limit");
        }

        switch (message.Kind)
        {
            // Recognition with nothing readable in it (only punctuation, or a repaired U+FFFD) is no recognition.
            case InboundKind.Voice when string.IsNullOrWhiteSpace(message.Text) || ChineseTextNormalizer.Normalize(message.Text).Length == 0:
                return ResponseDecision.Reply(replies.VoiceUnrecognized, "voice-unrecognized");
            case InboundKind.Text or InboundKind.Voice:
                break;
            default:
                // Images, video, locations, links and stickers: nothing the FAQ or the model can read.
                return ResponseDecision.Reply(replies.PleaseType, "please-type");
        }

        var text = message.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return ResponseDecision.Reply(replies.PleaseType, "please-type");
        }

        if (IsContinueRequest(state, text))
        {
            // The rest of a held answer, alone: no model call, no answer of its own (the outbox or the passive page
            // carries the remainder).
            return ResponseDecision.NoReply("continue");
        }

        ReleaseEndedHandoff(state, now);
        if (state.Handoff is { } stillWaiting)
        {
            if (transferToHuman)
            {
                // Queued (or, unexpectedly, reaching us during an open session): every message goes to the agents
                // again, so none is lost while the user waits.
                return ResponseDecision.Transfer(null, "handoff-transfer");
            }

            if (stillWaiting.NoticeSent)
            {
                return ResponseDecision.NoReply("handoff-waiting");
            }

            stillWaiting.NoticeSent = true;
            return ResponseDecision.Reply(replies.HandoffWaiting, "handoff-waiting");
        }

        if (handoff.IsRequest(text))
        {
            state.Handoff = new HandoffState { WaitingSince = now, NoticeSent = transferToHuman };
            return transferToHuman
                ? ResponseDecision.Transfer(replies.Handoff, "handoff")
                : ResponseDecision.Reply(replies.Handoff, "handoff");
        }

        if (FindFaq(text) is { } answer)
        {
            return ResponseDecision.Reply(answer, "faq", text);
        }

        return modelEnabled
            ? ResponseDecision.Model(text)
            : ResponseDecision.Reply(replies.Fallback, "fallback", text);
    }

    // A queued wait ends after Handoff:ExpiresAfterMinutes; an open session never does by that setting, only when
    // the agent closes it or WeChat releases it 30 minutes after its last event.
    private void ReleaseEndedHandoff(ConversationState state, DateTimeOffset now)
    {
        if (state.Handoff is not { } waiting)
        {
            return;
        }

        var ended = waiting.SessionOpenedAt is { } opened
            ? now - (waiting.LastSessionEventAt ?? opened) >= OpenSessionReleasedAfter
            : now - waiting.WaitingSince >= TimeSpan.FromMinutes(options.Handoff.ExpiresAfterMinutes);
        if (ended)
        {
            state.Handoff = null;
        }
    }

    private bool IsContinueRequest(ConversationState state, string text)
    {
        if (!state.Messages.Any(m => m is { Delivery: Interfaces.Delivery.DeliveryState.Held, Answer: not null }))
        {
            return false;
        }

        var normalized = ChineseTextNormalizer.Normalize(text);
        return options.EffectiveContinueKeywords.Any(k =>
            string.Equals(ChineseTextNormalizer.Normalize(k), normalized, StringComparison.Ordinal));
    }

    private string? FindFaq(string? question) =>
        string.IsNullOrWhiteSpace(question) ? null : knowledge.FindAnswer(question, faqFile)?.Answer;
}
