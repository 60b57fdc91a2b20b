using CustomerService.Channels.WeChat.Api;

namespace CustomerService.Channels.Tests.WeChat.Api;

public sealed class WeChatErrorTableTests
{
    [Theory]
    [InlineData(0, WeChatErrorClass.None)]
    [InlineData(-1, WeChatErrorClass.Busy)]
    [InlineData(40001, WeChatErrorClass.TokenRejected)]
    [InlineData(40014, WeChatErrorClass.TokenRejected)]
    [InlineData(42001, WeChatErrorClass.TokenRejected)]
    [InlineData(41001, WeChatErrorClass.TokenRejected)]
    [InlineData(40013, WeChatErrorClass.TokenConfiguration)]
    [InlineData(40125, WeChatErrorClass.TokenConfiguration)]
    [InlineData(40243, WeChatErrorClass.TokenConfiguration)]
    [InlineData(40164, WeChatErrorClass.AccountNotPermitted)]
    [InlineData(48001, WeChatErrorClass.AccountNotPermitted)]
    [InlineData(48004, WeChatErrorClass.AccountNotPermitted)]
    [InlineData(45009, WeChatErrorClass.ApiRateLimited)]
    [InlineData(45011, WeChatErrorClass.ApiRateLimited)]
    [InlineData(45015, WeChatErrorClass.WindowClosed)]
    [InlineData(45047, WeChatErrorClass.QuotaSpent)]
    [InlineData(48002, WeChatErrorClass.UserOptedOut)]
    [InlineData(43004, WeChatErrorClass.UserUnreachable)]
    [InlineData(43019, WeChatErrorClass.UserUnreachable)]
    [InlineData(40003, WeChatErrorClass.UserUnreachable)]
    [InlineData(45002, WeChatErrorClass.ContentTooLong)]
    [InlineData(45080, WeChatErrorClass.TypingIgnored)]
    [InlineData(45081, WeChatErrorClass.TypingIgnored)]
    [InlineData(45072, WeChatErrorClass.TypingIgnored)]
    public void Classify_TableCode_ReturnsItsClass(int code, WeChatErrorClass expected) =>
        Assert.Equal(expected, WeChatErrorTable.Classify(code));

    [Theory]
    [InlineData(40002)]
    [InlineData(45008)]
    [InlineData(99999)]
    [InlineData(-2)]
    public void Classify_CodeNotInTable_ReturnsUnknown(int code) =>
        Assert.Equal(WeChatErrorClass.Unknown, WeChatErrorTable.Classify(code));

    [Theory]
    [InlineData(40013)]
    [InlineData(40125)]
    [InlineData(40164)]
    [InlineData(40243)]
    [InlineData(48001)]
    public void IsConfigurationError_AccountConfigurationCode_ReturnsTrue(int code) =>
        Assert.True(WeChatErrorTable.IsConfigurationError(WeChatErrorTable.Classify(code)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(40001)]
    [InlineData(45009)]
    [InlineData(45015)]
    public void IsConfigurationError_TransientOrTokenCode_ReturnsFalse(int code) =>
        Assert.False(WeChatErrorTable.IsConfigurationError(WeChatErrorTable.Classify(code)));

    [Fact]
    public void Class_ApiError_FollowsTheTable()
    {
        var error = new WeChatApiError(45047, "out of response count limit rid: x");

        Assert.False(error.IsOk);
        Assert.Equal(WeChatErrorClass.QuotaSpent, error.Class);
    }

    [Fact]
    public void IsOk_ZeroCode_ReturnsTrue() => Assert.True(new WeChatApiError(0, "ok").IsOk);
}
