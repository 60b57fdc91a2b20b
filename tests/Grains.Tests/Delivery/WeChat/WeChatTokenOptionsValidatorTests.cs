using CustomerService.Grains.Delivery.WeChat;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

public sealed class WeChatTokenOptionsValidatorTests
{
    private readonly WeChatTokenOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(_validator.Validate(null, new WeChatTokenOptions()).Succeeded);

    [Fact]
    public void Validate_MinIntervalUnderThePlatformsThirtySeconds_FailsNamingTheSetting()
    {
        var result = _validator.Validate(null, new WeChatTokenOptions { ForceRefreshMinIntervalSeconds = 29 });

        Assert.True(result.Failed);
        Assert.Contains("Channels:WeChat:Token:ForceRefreshMinIntervalSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Validate_DailyCapOutsideOneToTwenty_Fails(int cap)
    {
        var result = _validator.Validate(null, new WeChatTokenOptions { ForceRefreshDailyCap = cap });

        Assert.True(result.Failed);
        Assert.Contains("Channels:WeChat:Token:ForceRefreshDailyCap", result.FailureMessage, StringComparison.Ordinal);
    }
}
