using System.Collections.Immutable;

namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>Read-only view of a conversation.</summary>
[GenerateSerializer, Immutable, Alias("cs.ConversationSnapshot")]
public sealed record ConversationSnapshot
{
    /// <summary>The bounded dialogue history, oldest first.</summary>
    [Id(0)] public required ImmutableArray<ChatTurn> History { get; init; }

    /// <summary>The last time the user sent a message (not an event): this opens the platform's reply window.</summary>
    [Id(1)] public DateTimeOffset? LastUserMessageAt { get; init; }

    /// <summary>The last interaction event (menu click, subscribe, QR scan).</summary>
    [Id(2)] public DateTimeOffset? LastEventAt { get; init; }

    /// <summary>True after an unsubscribe, until the user follows again.</summary>
    [Id(3)] public bool Unsubscribed { get; init; }

    /// <summary>Set while the user waits for a human agent.</summary>
    [Id(4)] public DateTimeOffset? WaitingForHumanSince { get; init; }

    /// <summary>The recorded pushes still kept for dedup, oldest first.</summary>
    [Id(5)] public required ImmutableArray<MessageView> Messages { get; init; }
}
