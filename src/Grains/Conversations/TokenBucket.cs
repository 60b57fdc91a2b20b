namespace CustomerService.Grains.Conversations;

/// <summary>Per-user rate limit: a token bucket whose level and last update live in the conversation state.</summary>
internal static class TokenBucket
{
    /// <summary>Refills the bucket for the time passed, then takes one token if there is one.</summary>
    public static bool TryTake(RateLimitState state, RateLimitOptions options, DateTimeOffset now)
    {
        var level = state.UpdatedAt is { } updated
            ? Math.Min(options.Capacity, state.Tokens + (Math.Max(0, (now - updated).TotalMinutes) * options.RefillPerMinute))
            : options.Capacity;

        state.UpdatedAt = now;
        if (level >= 1)
        {
            state.Tokens = level - 1;
            return true;
        }

        state.Tokens = level;
        return false;
    }
}
