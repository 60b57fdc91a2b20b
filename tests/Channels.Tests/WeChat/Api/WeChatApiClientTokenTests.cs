using System.Text.Json;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Channels.Tests.WeChat.Api;

/// <summary>stable_token over loopback against the fake, which keeps the platform's real semantics.</summary>
public sealed class WeChatApiClientTokenTests
{
    [Fact]
    public async Task GetStableToken_NormalModeTwice_ReturnsSameTokenWithRemainingLifetime()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var first = await api.NormalTokenAsync();
        api.Advance(TimeSpan.FromSeconds(100));

        var second = await api.NormalTokenAsync();

        Assert.True(first.IsOk);
        Assert.Equal(7200, first.ExpiresInSeconds);
        Assert.Equal(first.AccessToken, second.AccessToken);
        Assert.Equal(7100, second.ExpiresInSeconds);
        Assert.Equal(2, api.Server.NormalTokenCalls);
    }

    [Fact]
    public async Task GetStableToken_NormalModeInLastFiveMinutes_ReturnsNewTokenAndOldStillWorks()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var old = await api.TokenAsync();
        api.Advance(TimeSpan.FromSeconds(7200 - 200));
        var user = api.UserWhoWrote();

        var renewed = await api.NormalTokenAsync();
        var sendWithOld = await api.SendAsync(old, user);

        Assert.NotEqual(old, renewed.AccessToken);
        Assert.Equal(7200, renewed.ExpiresInSeconds);
        Assert.True(sendWithOld.IsOk, sendWithOld.ToString());
    }

    [Fact]
    public async Task GetStableToken_AfterOldTokenExpired_OldTokenGets42001()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var old = await api.TokenAsync();
        api.Advance(TimeSpan.FromSeconds(7200));
        var user = api.UserWhoWrote();

        var result = await api.SendAsync(old, user);

        Assert.Equal(42001, result.Code);
        Assert.Equal(WeChatErrorClass.TokenRejected, result.Class);
    }

    [Fact]
    public async Task GetStableToken_ForceRefresh_IssuesNewTokenAndInvalidatesOld()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var old = await api.TokenAsync();
        var user = api.UserWhoWrote();

        var forced = await api.ForceTokenAsync();
        var sendWithOld = await api.SendAsync(old, user);
        var sendWithNew = await api.SendAsync(forced.AccessToken!, user);

        Assert.True(forced.IsOk);
        Assert.NotEqual(old, forced.AccessToken);
        Assert.Equal(40001, sendWithOld.Code);
        Assert.True(sendWithNew.IsOk, sendWithNew.ToString());
        Assert.Equal(1, api.Server.ForceRefreshCalls);
    }

    [Fact]
    public async Task GetStableToken_ForceRefreshWithinMinInterval_DoesNotRefresh()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var first = await api.ForceTokenAsync();
        api.Advance(TimeSpan.FromSeconds(29));

        var second = await api.ForceTokenAsync();

        Assert.Equal(first.AccessToken, second.AccessToken);
        Assert.Equal(7200 - 29, second.ExpiresInSeconds);
    }

    [Fact]
    public async Task GetStableToken_ForceRefreshAfterMinInterval_Refreshes()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var first = await api.ForceTokenAsync();
        api.Advance(TimeSpan.FromSeconds(30));

        var second = await api.ForceTokenAsync();

        Assert.NotEqual(first.AccessToken, second.AccessToken);
    }

    [Fact]
    public async Task GetStableToken_ForceRefreshOverDailyCap_Returns45009()
    {
        await using var api = await FakeApiHarness.StartAsync(clock => new FakeWeChatApiOptions { TimeProvider = clock, ForceRefreshDailyCap = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await api.ForceTokenAsync()).IsOk);
            api.Advance(TimeSpan.FromSeconds(30));
        }

        var overCap = await api.ForceTokenAsync();

        Assert.False(overCap.IsOk);
        Assert.Equal(45009, overCap.Error.Code);
        Assert.Equal(WeChatErrorClass.ApiRateLimited, overCap.Error.Class);
        Assert.Null(overCap.AccessToken);
    }

    [Fact]
    public async Task GetStableToken_ForceRefreshCapReached_ResetsAtBeijingMidnight()
    {
        await using var api = await FakeApiHarness.StartAsync(clock => new FakeWeChatApiOptions { TimeProvider = clock, ForceRefreshDailyCap = 1 });
        Assert.True((await api.ForceTokenAsync()).IsOk);

        // 10:00 Beijing + 13 h 59 min = 23:59 the same Beijing day (15:59 UTC): still capped.
        api.Advance(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(59));
        var sameDay = await api.ForceTokenAsync();
        api.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await api.ForceTokenAsync();

        Assert.Equal(45009, sameDay.Error.Code);
        Assert.True(nextDay.IsOk, nextDay.ToString());
    }

    [Fact]
    public async Task GetStableToken_DefaultDailyCap_AllowsTwentyForceRefreshes()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var accepted = 0;
        for (var i = 0; i < 21; i++)
        {
            if ((await api.ForceTokenAsync()).IsOk)
            {
                accepted++;
            }

            api.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(20, accepted);
    }

    [Fact]
    public async Task GetStableToken_WrongAppId_Returns40013()
    {
        await using var api = await FakeApiHarness.StartAsync();

        var result = await api.Client.GetStableTokenAsync("wxnotregistered0", FakeApiHarness.AppSecret, false, FakeApiHarness.Ct);

        Assert.Equal(40013, result.Error.Code);
        Assert.Equal(WeChatErrorClass.TokenConfiguration, result.Error.Class);
    }

    [Fact]
    public async Task GetStableToken_WrongSecret_Returns40125()
    {
        await using var api = await FakeApiHarness.StartAsync();

        var result = await api.Client.GetStableTokenAsync(FakeApiHarness.AppId, "WrongSecret", false, FakeApiHarness.Ct);

        Assert.Equal(40125, result.Error.Code);
        Assert.Equal(WeChatErrorClass.TokenConfiguration, result.Error.Class);
        Assert.False(result.IsOk);
    }

    [Fact]
    public async Task RevokeCurrentToken_NormalModeKeepsReturningIt_OnlyForceRefreshCures()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.RevokeCurrentToken(FakeApiHarness.AppId);

        var rejected = await api.SendAsync(token, user);
        var normal = await api.NormalTokenAsync();
        var forced = await api.ForceTokenAsync();
        var cured = await api.SendAsync(forced.AccessToken!, user);

        Assert.Equal(40001, rejected.Code);
        Assert.Equal(WeChatErrorClass.TokenRejected, rejected.Class);
        Assert.Equal(token, normal.AccessToken);
        Assert.NotEqual(token, forced.AccessToken);
        Assert.True(cured.IsOk, cured.ToString());
    }

    [Fact]
    public async Task RotateToken_NormalModeReturnsNewToken_OldGets40001()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var old = await api.TokenAsync();
        var user = api.UserWhoWrote();
        var rotated = api.Server.RotateToken(FakeApiHarness.AppId);

        var normal = await api.NormalTokenAsync();
        var withOld = await api.SendAsync(old, user);
        var withNew = await api.SendAsync(normal.AccessToken!, user);

        Assert.Equal(rotated, normal.AccessToken);
        Assert.NotEqual(old, rotated);
        Assert.Equal(40001, withOld.Code);
        Assert.True(withNew.IsOk, withNew.ToString());
        Assert.Equal(0, api.Server.ForceRefreshCalls);
    }

    [Fact]
    public void ToString_TokenResult_DoesNotContainTheToken()
    {
        var result = new WeChatTokenResult { AccessToken = "SECRET_TOKEN_VALUE", ExpiresInSeconds = 7200, Error = WeChatApiError.Ok };

        Assert.DoesNotContain("SECRET_TOKEN_VALUE", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassicToken_NewToken_PreviousKeepsWorkingFiveMinutes()
    {
        await using var api = await FakeApiHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };
        var user = api.UserWhoWrote();
        var query = $"cgi-bin/token?grant_type=client_credential&appid={FakeApiHarness.AppId}&secret={FakeApiHarness.AppSecret}";
        var first = ReadToken(await http.GetStringAsync(query, FakeApiHarness.Ct));
        var second = ReadToken(await http.GetStringAsync(query, FakeApiHarness.Ct));
        api.Advance(TimeSpan.FromMinutes(4));

        var withFirstInOverlap = await api.SendAsync(first, user);
        api.Advance(TimeSpan.FromMinutes(1));
        var withFirstAfterOverlap = await api.SendAsync(first, user);
        var withSecond = await api.SendAsync(second, user);

        Assert.NotEqual(first, second);
        Assert.True(withFirstInOverlap.IsOk, withFirstInOverlap.ToString());
        Assert.Equal(42001, withFirstAfterOverlap.Code);
        Assert.True(withSecond.IsOk, withSecond.ToString());
        Assert.Equal(2, api.Server.ClassicTokenCalls);
    }

    private static string ReadToken(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }
}
