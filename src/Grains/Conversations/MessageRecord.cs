using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// One recorded push: the dedup entry and the passive-reply status in one, persisted before the push is
/// acknowledged, so that a retry or a restarted silo finds the work and its result.
/// </summary>
[GenerateSerializer, Alias("cs.MessageRecord")]
public sealed record MessageRecord
{
    [Id(0)] public required string DedupId { get; set; }

    [Id(1)] public required InboundKind Kind { get; set; }

    [Id(2)] public string? Text { get; set; }

    [Id(3)] public required MessageStatus Status { get; set; }

    [Id(4)] public int Attempts { get; set; }

    [Id(5)] public required DateTimeOffset FirstReceivedAt { get; set; }

    [Id(6)] public DateTimeOffset LastReceivedAt { get; set; }

    /// <summary>The answer; null for pushes that get no reply.</summary>
    [Id(7)] public string? Answer { get; set; }

    /// <summary>Where the answer came from (faq, llm, fallback, welcome, rate-limit, handoff, …).</summary>
    [Id(8)] public string? AnswerSource { get; set; }

    [Id(9)] public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The exact text that went out for this push (late answers in front included), for retries.</summary>
    [Id(10)] public string? DeliveredText { get; set; }

    [Id(11)] public DateTimeOffset? DeliveredAt { get; set; }

    [Id(12)] public string? PlatformMessageId { get; set; }

    /// <summary>How much of a late answer (UTF-16 units of <see cref="Answer"/>) has gone out in front of later replies.</summary>
    [Id(13)] public int LateSentLength { get; set; }

    /// <summary>True while the answer still has to be generated (by the model).</summary>
    public bool NeedsWork => Status is MessageStatus.Received or MessageStatus.StillWorkingSent;

    /// <summary>True once nothing more can happen to the push except a repeat for a retry.</summary>
    public bool IsFinished => Status is MessageStatus.Delivered or MessageStatus.LateDelivered or MessageStatus.Acknowledged;
}
