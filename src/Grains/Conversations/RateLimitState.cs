namespace CustomerService.Grains.Conversations;

/// <summary>The persisted level of a user's token bucket.</summary>
[GenerateSerializer, Alias("cs.RateLimitState")]
public sealed record RateLimitState
{
    [Id(0)] public double Tokens { get; set; }

    /// <summary>Null until the first message: a new user starts with a full bucket.</summary>
    [Id(1)] public DateTimeOffset? UpdatedAt { get; set; }
}
