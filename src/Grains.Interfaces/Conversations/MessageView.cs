using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>Read-only view of one recorded push.</summary>
[GenerateSerializer, Immutable, Alias("cs.MessageView")]
public sealed record MessageView
{
    /// <summary>The push's dedup id.</summary>
    [Id(0)] public required string DedupId { get; init; }

    /// <summary>Where it stands.</summary>
    [Id(1)] public required MessageStatus Status { get; init; }

    /// <summary>How many deliveries of it arrived.</summary>
    [Id(2)] public required int Attempts { get; init; }

    /// <summary>The answer, once known.</summary>
    [Id(3)] public string? Answer { get; init; }

    /// <summary>Why it got the answer it got (faq, llm, fallback, welcome, rate-limited, …).</summary>
    [Id(4)] public string? AnswerSource { get; init; }

    /// <summary>The reply's delivery-ledger state; null while no answer exists.</summary>
    [Id(5)] public DeliveryState? Delivery { get; init; }

    /// <summary>Why the reply is held, failed, in doubt or expired.</summary>
    [Id(6)] public string? DeliveryReason { get; init; }

    /// <summary>True when the push API (not the passive reply) owns this reply.</summary>
    [Id(7)] public bool Pushed { get; init; }

    /// <summary>True when a part was sent again after a crash, so the user may have it twice.</summary>
    [Id(8)] public bool PossiblyDuplicated { get; init; }

    /// <summary>
    /// The push whose reply also answers this one (its dedup id), when this message was merged into its turn
    /// (<c>Conversations:MergeWindowMs</c>); null otherwise.
    /// </summary>
    [Id(9)] public string? MergedInto { get; init; }
}
