namespace CustomerService.Grains.Interfaces.Records;

/// <summary>One row of a conversation's record: an inbound push or the reply to one.</summary>
[GenerateSerializer, Immutable, Alias("cs.RecordedMessage")]
public sealed record RecordedMessage
{
    /// <summary>Which way it went.</summary>
    [Id(0)] public required RecordDirection Direction { get; init; }

    /// <summary>
    /// The platform's message id of the push (its dedup id when it has none, as events do). A reply carries the id
    /// of the push it answers, so that the two rows pair up.
    /// </summary>
    [Id(1)] public required string MessageId { get; init; }

    /// <summary>Inbound: the kind of push (text, voice, subscribe, …). Outbound: where the answer came from (faq, llm, …).</summary>
    [Id(2)] public string? Kind { get; init; }

    /// <summary>The user's text, or the reply's text (the "still working" text until the answer exists). Personal data.</summary>
    [Id(3)] public string? Text { get; init; }

    /// <summary>When it happened: the push's receipt, or the reply's first state.</summary>
    [Id(4)] public required DateTimeOffset At { get; init; }

    /// <summary>When the row last changed (a reply's state moves on).</summary>
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The reply's delivery state; null for inbound rows.</summary>
    [Id(6)] public RecordDeliveryState? DeliveryState { get; init; }

    /// <summary>Why the reply is held, failed, in doubt or expired, or what the passive step was.</summary>
    [Id(7)] public string? DeliveryReason { get; init; }
}
