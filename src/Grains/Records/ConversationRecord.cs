using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.Grains.Records;

/// <summary>
/// One record row that waits in the conversation's persisted state until the records writer has confirmed it, so
/// that neither a crash nor a database outage loses it. The conversation key is the grain's own and is not stored.
/// </summary>
[GenerateSerializer, Alias("cs.ConversationRecord")]
public sealed record ConversationRecord
{
    /// <summary>
    /// The conversation's record counter at this change. It only grows, so the store applies a reply's changes in
    /// order even when an older copy arrives late (a second activation re-sending, a retried batch).
    /// </summary>
    [Id(0)] public required long Revision { get; init; }

    [Id(1)] public required RecordDirection Direction { get; init; }

    /// <summary>The push's platform message id (its dedup id when it has none); a reply carries its push's.</summary>
    [Id(2)] public required string MessageId { get; init; }

    [Id(3)] public string? Kind { get; init; }

    [Id(4)] public string? Text { get; init; }

    [Id(5)] public required DateTimeOffset At { get; init; }

    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }

    [Id(7)] public RecordDeliveryState? DeliveryState { get; init; }

    [Id(8)] public string? DeliveryReason { get; init; }
}
