namespace CustomerService.Grains.Interfaces.Llm;

/// <summary>The result of one model call.</summary>
[GenerateSerializer, Immutable, Alias("cs.LlmCompletion")]
public sealed record LlmCompletion
{
    /// <summary>How it ended.</summary>
    [Id(0)] public required LlmOutcome Outcome { get; init; }

    /// <summary>The answer, when <see cref="Outcome"/> is <see cref="LlmOutcome.Succeeded"/>.</summary>
    [Id(1)] public string? Text { get; init; }

    /// <summary>A short, log-safe reason for a failure.</summary>
    [Id(2)] public string? Error { get; init; }
}
