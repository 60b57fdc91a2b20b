namespace CustomerService.Grains.Records;

/// <summary>Deletes the stored state of conversations that nobody wrote to for a long time (the grain storage's rows).</summary>
public interface IConversationStateRetention
{
    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> conversation states whose stored row was last modified before
    /// <paramref name="idleSince"/>, judged by the row itself at the moment of the delete, so that a conversation that
    /// writes meanwhile keeps its state. Returns how many it deleted.
    /// </summary>
    Task<int> DeleteIdleAsync(DateTimeOffset idleSince, int batchSize, CancellationToken cancellationToken);
}
