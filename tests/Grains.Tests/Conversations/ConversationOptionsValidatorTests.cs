using CustomerService.Grains.Conversations;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Conversations;

public sealed class ConversationOptionsValidatorTests
{
    private readonly ConversationOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(_validator.Validate(Options.DefaultName, new ConversationOptions()).Succeeded);

    [Theory]
    [InlineData(-1)]
    [InlineData(ConversationOptions.MaxMergeWindowMs + 1)]
    public void Validate_MergeWindowOutsideItsBounds_FailsNamingTheSetting(int windowMs)
    {
        var options = new ConversationOptions { MergeWindowMs = windowMs };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Conversations:MergeWindowMs must be between 0 (off) and 3000 ms", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RateLimitCapacityZero_FailsNamingTheFullPath()
    {
        var options = new ConversationOptions();
        options.RateLimit.Capacity = 0;

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Conversations:RateLimit:Capacity: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DedupRetentionBelowTheFloor_FailsNamingTheFullPath()
    {
        var options = new ConversationOptions();
        options.Dedup.RetentionSeconds = 30;

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Conversations:Dedup:RetentionSeconds: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HistoryMaxTurnsZero_FailsNamingTheFullPath()
    {
        var options = new ConversationOptions();
        options.History.MaxTurns = 0;

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Conversations:History:MaxTurns: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralNestedSectionsInvalid_ReportsEachOne()
    {
        var options = new ConversationOptions();
        options.RateLimit.Capacity = 0;
        options.Dedup.RetentionSeconds = 30;
        options.History.MaxTurns = 0;

        var failures = Failures(options);

        Assert.Equal(
            ["Conversations:History:MaxTurns", "Conversations:RateLimit:Capacity", "Conversations:Dedup:RetentionSeconds"],
            failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Validate_MissingNestedSection_FailsNamingIt()
    {
        var options = new ConversationOptions { RateLimit = null! };

        Assert.Equal(["Conversations:RateLimit is required."], Failures(options));
    }

    [Fact]
    public void Validate_EmptyHandoffKeyword_FailsNamingTheList()
    {
        var options = new ConversationOptions();
        options.Handoff.Keywords = ["人工", " "];

        Assert.Equal(["Conversations:Handoff:Keywords must not contain empty phrases."], Failures(options));
    }

    private List<string> Failures(ConversationOptions options)
    {
        var result = _validator.Validate(Options.DefaultName, options);
        Assert.True(result.Failed);
        return [.. result.Failures!];
    }
}
