using System.Diagnostics.Metrics;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.Telemetry;

/// <summary>
/// Instruments of the webhook edge (meter <c>CustomerService.Ingress</c>): how long the platform waits for our
/// response, requests held without one, and requests rejected before they reach a conversation. Labels are bounded
/// sets; never an account, a user or a message id.
/// </summary>
public sealed class IngressMetrics
{
    public const string MeterName = "CustomerService.Ingress";

    /// <summary>
    /// Bucket boundaries (seconds), the same as the conversation's reply latency: dense around WeChat's 4.5 s reply
    /// budget, then its retry window (about 15 s).
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 4.5, 5, 7.5, 10, 15];

    private readonly Histogram<double> _ackLatency;
    private readonly Counter<long> _holds;
    private readonly Counter<long> _rejected;

    public IngressMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _ackLatency = meter.CreateHistogram(
            "cs.ingress.ack.duration",
            "s",
            "From a verified push's request to our response (a passive reply, a transfer or the plain acknowledgement), by channel and reply.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _holds = meter.CreateCounter<long>("cs.ingress.holds", "{request}", "Verified pushes held with no response so that the platform retries, by channel and reason (pending, unavailable, disconnected, shed).");
        _rejected = meter.CreateCounter<long>("cs.ingress.rejected", "{request}", "Pushes refused before reaching a conversation, by channel and reason (unknown-account, too-large, unauthorized, bad-request).");
    }

    /// <summary>A response went out after <paramref name="elapsed"/>; <paramref name="reply"/> is text, transfer or success.</summary>
    public void Acknowledged(ChannelKind channel, string reply, TimeSpan elapsed) => _ackLatency.Record(
        elapsed.TotalSeconds,
        new KeyValuePair<string, object?>("channel", ChannelLabel(channel)),
        new KeyValuePair<string, object?>("reply", reply));

    public void Held(ChannelKind channel, string reason) => _holds.Add(
        1,
        new KeyValuePair<string, object?>("channel", ChannelLabel(channel)),
        new KeyValuePair<string, object?>("reason", reason));

    public void Rejected(ChannelKind channel, string reason) => _rejected.Add(
        1,
        new KeyValuePair<string, object?>("channel", ChannelLabel(channel)),
        new KeyValuePair<string, object?>("reason", reason));

    // The same values as the conversation instruments' channel label.
    private static string ChannelLabel(ChannelKind channel) => channel switch
    {
        ChannelKind.WeChat => "wechat",
        ChannelKind.WeCom => "wecom",
        ChannelKind.Douyin => "douyin",
        _ => "unknown",
    };
}
