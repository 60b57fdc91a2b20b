using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:RateLimit</c>: a per-user token bucket over the user's messages (not events, not retries).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Burst size: how many messages a user may send at once.</summary>
    [Range(1, 10_000)]
    public int Capacity { get; set; } = 10;

    /// <summary>Tokens added per minute.</summary>
    [Range(0.01, 100_000)]
    public double RefillPerMinute { get; set; } = 10;
}
