namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// The cluster's one retention job (key 0): on a durable reminder it deletes records older than
/// <c>Storage:RetentionDays</c> and the state of conversations idle for longer. One grain, so the purge runs once for
/// the whole cluster, never once per pod.
/// </summary>
[Alias("cs.IRecordRetentionGrain")]
public interface IRecordRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the purge reminder unless it exists (every silo calls this at start; idempotent).</summary>
    [Alias("EnsureScheduledAsync")]
    Task EnsureScheduledAsync();

    /// <summary>Runs one purge now, in bounded batches, and says what it deleted.</summary>
    [Alias("PurgeAsync")]
    Task<RetentionPurgeResult> PurgeAsync();
}
