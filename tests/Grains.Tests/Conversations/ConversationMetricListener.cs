using System.Diagnostics.Metrics;
using CustomerService.Grains.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// Sums one counter of <see cref="ConversationMetrics.MeterName"/> over every silo in the process. Only tests in
/// <see cref="SiloRecoveryCollectionDefinition"/> use it: that collection runs alone, so no other test's silo adds to the sum.
/// </summary>
internal sealed class ConversationMetricListener : IDisposable
{
    public const string Reruns = "cs.conversation.work.reruns";

    private readonly MeterListener _listener = new();
    private long _total;

    public ConversationMetricListener(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ConversationMetrics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
