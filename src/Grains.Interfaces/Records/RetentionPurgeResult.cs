namespace CustomerService.Grains.Interfaces.Records;

/// <summary>What one retention purge deleted.</summary>
[GenerateSerializer, Immutable, Alias("cs.RetentionPurgeResult")]
public sealed record RetentionPurgeResult
{
    /// <summary>Records (messages and replies) older than the retention.</summary>
    [Id(0)] public required long Messages { get; init; }

    /// <summary>Conversation list entries with no record left inside the retention.</summary>
    [Id(1)] public required long Conversations { get; init; }

    /// <summary>Conversation grain states not written for longer than the retention.</summary>
    [Id(2)] public required long ConversationStates { get; init; }

    /// <summary>True when a batch limit stopped the purge before it ran out of old rows; the next run goes on.</summary>
    [Id(3)] public required bool MoreLeft { get; init; }
}
