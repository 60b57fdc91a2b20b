using System.Diagnostics.Metrics;
using System.Globalization;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// Instruments of the conversation path (meter <c>CustomerService.Conversations</c>). Labels are bounded sets
/// (channel, kind, path, reason, code): never a user, an account or a message id.
/// </summary>
public sealed class ConversationMetrics
{
    public const string MeterName = "CustomerService.Conversations";

    /// <summary>
    /// Bucket boundaries (seconds) of the latency histograms: dense up to and around WeChat's 4.5 s reply budget
    /// (<c>Channels:WeChat:ReplyBudgetMs</c>), so that "answered within the budget" is one bucket edge, then the
    /// retry window (WeChat gives up after about 15 s).
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 4.5, 5, 7.5, 10, 15];

    private readonly Counter<long> _received;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _reruns;
    private readonly Counter<long> _answers;
    private readonly Histogram<double> _answerLatency;
    private readonly Counter<long> _stillWorking;
    private readonly Counter<long> _pushed;
    private readonly Counter<long> _held;
    private readonly Counter<long> _failed;

    public ConversationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        // From the host's factory: the meter lives as long as the container, and tests can listen to one silo only.
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("cs.conversation.pushes", "{push}", "New pushes recorded (messages and events), by channel and kind; platform retries are not counted.");
        _retries = meter.CreateCounter<long>("cs.conversation.retries", "{push}", "Platform retries of a push already recorded.");
        _reruns = meter.CreateCounter<long>("cs.conversation.work.reruns", "{push}", "Unanswered pushes whose work was started again after an activation or a retry found no live task.");
        _answers = meter.CreateCounter<long>("cs.conversation.answers", "{answer}", "Answers produced, by path (faq, llm, fallback, canned) and source.");
        _answerLatency = meter.CreateHistogram(
            "cs.conversation.reply.duration",
            "s",
            "From the push's first arrival at its conversation to its answer being ready, by path.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _stillWorking = meter.CreateCounter<long>("cs.conversation.still_working", "{reply}", "Last attempts answered with the still-working text.");
        _pushed = meter.CreateCounter<long>("cs.delivery.parts", "{message}", "Reply parts pushed through the platform's API, by result (sent, in-doubt).");
        _held = meter.CreateCounter<long>("cs.delivery.held", "{reply}", "Replies held for a platform rule, by reason (plan, quota, window, paused, account).");
        _failed = meter.CreateCounter<long>("cs.delivery.failures", "{reply}", "Replies that failed for good, by platform error code (none when the failure had no code).");
    }

    /// <summary>The path label of an answer source: <c>faq</c>, <c>llm</c>, <c>fallback</c>, or <c>canned</c> for the bot's own texts.</summary>
    public static string PathOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var head = source.Split(':')[0];
        return head switch
        {
            "faq" or "llm" or "fallback" => head,
            _ => "canned",
        };
    }

    public void Received(ChannelKind channel, InboundKind kind) => _received.Add(
        1,
        new KeyValuePair<string, object?>("channel", ChannelLabel(channel)),
        new KeyValuePair<string, object?>("kind", KindLabel(kind)));

    public void Retried() => _retries.Add(1);

    public void Rerun() => _reruns.Add(1);

    /// <summary>An answer is ready; <paramref name="waited"/> is the time since the push first arrived.</summary>
    public void Answered(string source, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = new KeyValuePair<string, object?>("path", PathOf(source));
        _answers.Add(1, path, new KeyValuePair<string, object?>("source", source.Split(':')[0]));
        _answerLatency.Record(Math.Max(0, waited.TotalSeconds), path);
    }

    public void StillWorking() => _stillWorking.Add(1);

    public void Pushed(string result) => _pushed.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Held(string reason) => _held.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DeliveryFailed(int? code) =>
        _failed.Add(1, new KeyValuePair<string, object?>("code", code?.ToString(CultureInfo.InvariantCulture) ?? "none"));

    /// <summary>The channel label used by every CustomerService instrument (<c>wechat</c>, <c>wecom</c>, <c>douyin</c>).</summary>
    public static string ChannelLabel(ChannelKind channel) => channel switch
    {
        ChannelKind.WeChat => "wechat",
        ChannelKind.WeCom => "wecom",
        ChannelKind.Douyin => "douyin",
        _ => "unknown",
    };

    // The records' spelling (menu_click), so that a metric's label and a row's kind name one thing one way.
    private static string KindLabel(InboundKind kind) => Interfaces.Records.RecordColumnValues.Of(kind);
}
