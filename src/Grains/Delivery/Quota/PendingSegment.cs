namespace CustomerService.Grains.Delivery.Quota;

/// <summary>
/// A piece of text waiting to go out for one owner (e.g. the message it answers). Serializable because held
/// segments are kept in grain state between user actions.
/// </summary>
[GenerateSerializer, Alias("cs.PendingSegment")]
public sealed record PendingSegment
{
    [Id(0)] public required string OwnerId { get; init; }

    [Id(1)] public required string Text { get; init; }

    /// <summary>
    /// Whether this is the answer to what the user just asked, as opposed to text held back from earlier: each new
    /// answer is guaranteed a message when the slots allow.
    /// </summary>
    [Id(2)] public bool IsNewAnswer { get; init; }
}
