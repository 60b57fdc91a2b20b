using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>One conversation that has records.</summary>
[GenerateSerializer, Immutable, Alias("cs.RecordedConversation")]
public sealed record RecordedConversation
{
    /// <summary>The conversation.</summary>
    [Id(0)] public required ConversationKey Key { get; init; }

    /// <summary>The time of its oldest record still kept.</summary>
    [Id(1)] public required DateTimeOffset FirstMessageAt { get; init; }

    /// <summary>The time of its newest record.</summary>
    [Id(2)] public required DateTimeOffset LastMessageAt { get; init; }
}
