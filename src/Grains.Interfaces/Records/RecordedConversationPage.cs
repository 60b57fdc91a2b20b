namespace CustomerService.Grains.Interfaces.Records;

/// <summary>One page of conversations, most recent first.</summary>
[GenerateSerializer, Immutable, Alias("cs.RecordedConversationPage")]
public sealed record RecordedConversationPage
{
    /// <summary>The conversations of this page.</summary>
    [Id(0)] public required IReadOnlyList<RecordedConversation> Items { get; init; }

    /// <summary>Where the next page starts; null when this page is the last.</summary>
    [Id(1)] public ConversationsCursor? Next { get; init; }
}
