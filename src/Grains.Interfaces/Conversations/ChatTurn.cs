namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>One line of dialogue history.</summary>
[GenerateSerializer, Immutable, Alias("cs.ChatTurn")]
public sealed record ChatTurn
{
    /// <summary>Who said it.</summary>
    [Id(0)] public required ChatRole Role { get; init; }

    /// <summary>What was said.</summary>
    [Id(1)] public required string Text { get; init; }

    /// <summary>When, on the grain's clock.</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }
}
