namespace CustomerService.Grains.Interfaces.Records;

/// <summary>One page of a conversation's messages, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("cs.RecordedMessagePage")]
public sealed record RecordedMessagePage
{
    /// <summary>The messages of this page.</summary>
    [Id(0)] public required IReadOnlyList<RecordedMessage> Items { get; init; }

    /// <summary>Where the next page starts; null when this page is the last.</summary>
    [Id(1)] public MessagesCursor? Next { get; init; }
}
