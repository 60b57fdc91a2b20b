using System.Collections.Immutable;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Llm;

/// <summary>A request for one answer from the configured language model.</summary>
[GenerateSerializer, Immutable, Alias("cs.LlmRequest")]
public sealed record LlmRequest
{
    /// <summary>Earlier dialogue, oldest first; the model's context.</summary>
    [Id(0)] public required ImmutableArray<ChatTurn> History { get; init; }

    /// <summary>The user's question to answer.</summary>
    [Id(1)] public required string UserText { get; init; }

    /// <summary>The conversation this is for, for logs and metrics.</summary>
    [Id(2)] public required string ConversationKey { get; init; }
}
