namespace CustomerService.Grains.Knowledge;

/// <summary>An answer from the FAQ: the answer text, the FAQ question it belongs to and the match score.</summary>
public sealed record KnowledgeAnswer
{
    public required string Answer { get; init; }

    /// <summary>The FAQ's question (not the user's wording), for logs and for the LLM prompt.</summary>
    public required string Question { get; init; }

    /// <summary>The match score, from <see cref="KnowledgeOptions.MinScore"/> to 1.</summary>
    public required double Score { get; init; }
}
