using CustomerService.Grains.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly RateLimitOptions Options = new() { Capacity = 5, RefillPerMinute = 2 };

    [Fact]
    public void TryTake_FirstUse_StartsFromAFullBucket()
    {
        var state = new RateLimitState();

        var taken = TokenBucket.TryTake(state, Options, Start);

        Assert.True(taken);
        Assert.Equal(new RateLimitState { Tokens = Options.Capacity - 1, UpdatedAt = Start }, state);
    }

    [Fact]
    public void TryTake_CapacityUsedUpAtOnce_RefusesTheNext()
    {
        var state = new RateLimitState();

        var results = Take(state, Options.Capacity + 1, Start);

        Assert.Equal([true, true, true, true, true, false], results);
    }

    [Fact]
    public void TryTake_AfterARefillOfThreeAndAHalfTokens_AllowsExactlyThree()
    {
        var state = new RateLimitState();
        Take(state, Options.Capacity, Start);

        // 1.75 min at 2 per minute.
        var results = Take(state, 4, Start.AddSeconds(105));

        Assert.Equal([true, true, true, false], results);
        Assert.Equal(0.5, state.Tokens);
    }

    [Fact]
    public void TryTake_LongIdle_NeverFillsAboveCapacity()
    {
        var state = new RateLimitState();
        Take(state, 1, Start);

        var results = Take(state, Options.Capacity + 1, Start.AddHours(1));

        Assert.Equal([true, true, true, true, true, false], results);
    }

    [Fact]
    public void TryTake_ClockWentBack_AddsNothing()
    {
        var state = new RateLimitState();
        Take(state, Options.Capacity, Start);

        var taken = TokenBucket.TryTake(state, Options, Start.AddMinutes(-10));

        Assert.False(taken);
        Assert.Equal(0, state.Tokens);
    }

    private static List<bool> Take(RateLimitState state, int count, DateTimeOffset at) =>
        [.. Enumerable.Range(0, count).Select(_ => TokenBucket.TryTake(state, Options, at))];
}
