using System.Diagnostics.Metrics;

namespace CustomerService.Grains.Conversations;

/// <summary>Counters of the conversation path (meter <c>CustomerService.Conversations</c>).</summary>
public sealed class ConversationMetrics : IDisposable
{
    public const string MeterName = "CustomerService.Conversations";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _received;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _reruns;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _stillWorking;
    private readonly Counter<long> _pushed;
    private readonly Counter<long> _held;
    private readonly Counter<long> _failed;

    public ConversationMetrics()
    {
        _received = _meter.CreateCounter<long>("cs.conversation.pushes", description: "New pushes recorded (messages and events).");
        _retries = _meter.CreateCounter<long>("cs.conversation.retries", description: "Platform retries of a push already recorded.");
        _reruns = _meter.CreateCounter<long>("cs.conversation.work.reruns", description: "Unanswered pushes whose work was started again after an activation or a retry found no live task.");
        _answers = _meter.CreateCounter<long>("cs.conversation.answers", description: "Answers produced, by source.");
        _stillWorking = _meter.CreateCounter<long>("cs.conversation.still_working", description: "Last attempts answered with the still-working text.");
        _pushed = _meter.CreateCounter<long>("cs.delivery.parts", description: "Reply parts pushed through the platform's API, by result (sent, in-doubt).");
        _held = _meter.CreateCounter<long>("cs.delivery.held", description: "Replies held for a platform rule, by reason (quota, window, paused, account).");
        _failed = _meter.CreateCounter<long>("cs.delivery.failures", description: "Replies that failed for good, by platform error code.");
    }

    public void Received() => _received.Add(1);

    public void Retried() => _retries.Add(1);

    public void Rerun() => _reruns.Add(1);

    public void Answered(string source) => _answers.Add(1, new KeyValuePair<string, object?>("source", source));

    public void StillWorking() => _stillWorking.Add(1);

    public void Pushed(string result) => _pushed.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Held(string reason) => _held.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DeliveryFailed(int? code) =>
        _failed.Add(1, new KeyValuePair<string, object?>("code", code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));

    public void Dispose() => _meter.Dispose();
}
