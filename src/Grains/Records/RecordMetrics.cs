using System.Diagnostics.Metrics;

namespace CustomerService.Grains.Records;

/// <summary>Instruments of the conversation records (meter <c>CustomerService.Records</c>).</summary>
public sealed class RecordMetrics : IDisposable
{
    public const string MeterName = "CustomerService.Records";

    /// <summary>Rows handed to the writer and not yet confirmed by the store (an observable up-down counter).</summary>
    public const string Backlog = "cs.records.backlog";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _purged;
    private readonly Counter<long> _rejected;

    public RecordMetrics(ConversationRecordChannel queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _meter.CreateObservableUpDownCounter(Backlog, () => queue.Backlog, unit: "{record}", description: "Record rows handed to the records writer and not yet confirmed by the store.");
        _written = _meter.CreateCounter<long>("cs.records.written", unit: "{record}", description: "Record rows the store confirmed.");
        _failures = _meter.CreateCounter<long>("cs.records.write_failures", unit: "{batch}", description: "Batch writes the records store refused (each is retried after a back-off).");
        _rejected = _meter.CreateCounter<long>("cs.records.rejected", unit: "{record}", description: "Record rows the store refused for their data (never taken on a retry either): logged and dropped so that the other rows go on.");
        _purged = _meter.CreateCounter<long>("cs.records.purged", unit: "{row}", description: "Rows deleted by the retention purge, by table (messages, conversations, conversation_state).");
    }

    /// <summary>This instance's meter (several silos in one test process each have their own).</summary>
    internal Meter Meter => _meter;

    public void Written(int rows) => _written.Add(rows);

    public void WriteFailed() => _failures.Add(1);

    public void Rejected() => _rejected.Add(1);

    public void Purged(string table, long rows) => _purged.Add(rows, new KeyValuePair<string, object?>("table", table));

    public void Dispose() => _meter.Dispose();
}
