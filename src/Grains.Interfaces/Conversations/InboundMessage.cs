namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>
/// One verified platform push (a user message or an event), mapped at the ingress edge to a channel-neutral shape.
/// </summary>
[GenerateSerializer, Immutable, Alias("cs.InboundMessage")]
public sealed record InboundMessage
{
    /// <summary>
    /// Identifies the push within its conversation, so that a platform retry is recognised as the same work:
    /// the platform message id for messages, and a key built from the event's own fields for events.
    /// </summary>
    [Id(0)] public required string DedupId { get; init; }

    /// <summary>What the user did.</summary>
    [Id(1)] public required InboundKind Kind { get; init; }

    /// <summary>When the platform says the push was created.</summary>
    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The user's text: message content, or a voice message's speech recognition.</summary>
    [Id(3)] public string? Text { get; init; }

    /// <summary>The event's key (menu key, QR scene, link URL), when the push is an event.</summary>
    [Id(4)] public string? EventKey { get; init; }

    /// <summary>The platform's own type name (for example <c>event/CLICK</c>), for logs and records only.</summary>
    [Id(5)] public string? PlatformType { get; init; }

    /// <summary>The platform's message id, when it has one.</summary>
    [Id(6)] public string? PlatformMessageId { get; init; }
}
