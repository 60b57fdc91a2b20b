using System.Text;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

/// <summary>The cluster-wide token authority against the fake WeChat API, on two silos.</summary>
[Collection(AccessTokenClusterCollection.Name)]
public sealed class WeChatAccessTokenGrainTests(AccessTokenClusterFixture fixture)
{
    private FakeWeChatApiServer Api => fixture.Api;

    [Fact]
    public async Task GetToken_CalledTwice_MakesOneNormalCall()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);

        var first = await authority.GetTokenAsync();
        var second = await authority.GetTokenAsync();

        Assert.Equal(AccessTokenProblem.None, first.Problem);
        Assert.Equal(Api.CurrentToken(appId), first.Token);
        Assert.Equal(first.Token, second.Token);
        Assert.Equal(new FakeTokenCallCounts(1, 0), Api.TokenCallsFor(appId));
    }

    [Fact]
    public async Task GetToken_LessThanFiveMinutesLeft_RenewsWithoutForceRefresh()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var first = await authority.GetTokenAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(7200 - 200));

        var renewed = await authority.GetTokenAsync();

        Assert.NotNull(renewed.Token);
        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Equal(new FakeTokenCallCounts(2, 0), Api.TokenCallsFor(appId));
    }

    [Fact]
    public async Task ReportRejected_HundredConcurrentCallersOnTwoSilos_ExactlyOneForceRefreshAndAllGetTheNewToken()
    {
        var appId = fixture.NewAccount();
        var revoked = (await fixture.Authority(appId).GetTokenAsync()).Token!;
        Api.RevokeCurrentToken(appId);

        var leases = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => fixture.AuthorityFromSilo(i % 2, appId).ReportRejectedAsync(revoked)));

        var fresh = Api.CurrentToken(appId);
        Assert.NotEqual(revoked, fresh);
        Assert.All(leases, lease => Assert.Equal(fresh, lease.Token));
        Assert.Equal(new FakeTokenCallCounts(Normal: 2, ForceRefresh: 1), Api.TokenCallsFor(appId));
    }

    [Fact]
    public async Task ReportRejected_NormalModeReturnsANewToken_MakesNoForceRefresh()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var old = (await authority.GetTokenAsync()).Token!;
        var rotated = Api.RotateToken(appId);

        var lease = await authority.ReportRejectedAsync(old);

        Assert.Equal(rotated, lease.Token);
        Assert.Equal(0, Api.TokenCallsFor(appId).ForceRefresh);
    }

    [Fact]
    public async Task ReportRejected_OldTokenAfterAnotherCallerRefreshed_ReturnsTheCachedTokenWithoutACall()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var old = (await authority.GetTokenAsync()).Token!;
        Api.RevokeCurrentToken(appId);
        var fresh = (await authority.ReportRejectedAsync(old)).Token;
        var calls = Api.TokenCallsFor(appId);

        var late = await authority.ReportRejectedAsync(old);

        Assert.Equal(fresh, late.Token);
        Assert.Equal(calls, Api.TokenCallsFor(appId));
    }

    [Fact]
    public async Task ReportRejected_SecondRevocationWithinMinInterval_IsLimitedThenRefreshesAfterIt()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var first = (await authority.GetTokenAsync()).Token!;
        Api.RevokeCurrentToken(appId);
        var second = (await authority.ReportRejectedAsync(first)).Token!;
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        Api.RevokeCurrentToken(appId);

        var limited = await authority.ReportRejectedAsync(second);
        var stillLimited = await authority.GetTokenAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var third = await authority.ReportRejectedAsync(second);

        Assert.Equal(AccessTokenProblem.ForceRefreshLimited, limited.Problem);
        Assert.Null(limited.Token);
        Assert.Equal(AccessTokenProblem.ForceRefreshLimited, stillLimited.Problem);
        Assert.Equal(AccessTokenProblem.None, third.Problem);
        Assert.NotEqual(second, third.Token);
        Assert.Equal(2, Api.TokenCallsFor(appId).ForceRefresh);
    }

    [Fact]
    public async Task ReportRejected_DailyCapReached_IsLimitedUntilBeijingMidnight()
    {
        // 23:00 Beijing on a day of its own: the 20 refreshes (10 min) end before midnight, and midnight comes while
        // the revoked token is still valid, so that normal mode keeps returning it and only a force refresh helps.
        AdvanceToNextBeijingDay(TimeSpan.FromHours(23));
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var token = (await authority.GetTokenAsync()).Token!;
        for (var i = 0; i < 20; i++)
        {
            Api.RevokeCurrentToken(appId);
            token = (await authority.ReportRejectedAsync(token)).Token ?? throw new InvalidOperationException($"Force refresh {i + 1} was refused.");
            fixture.Time.Advance(TimeSpan.FromSeconds(30));
        }

        Api.RevokeCurrentToken(appId);
        var overCap = await authority.ReportRejectedAsync(token);
        var status = await authority.GetStatusAsync();
        AdvanceToNextBeijingDay(TimeSpan.Zero);
        var nextDay = await authority.ReportRejectedAsync(token);

        Assert.Equal(AccessTokenProblem.ForceRefreshLimited, overCap.Problem);
        Assert.Equal(20, status.ForceRefreshesToday);
        Assert.Equal(AccessTokenProblem.None, nextDay.Problem);
        Assert.Equal(21, Api.TokenCallsFor(appId).ForceRefresh);
    }

    [Fact]
    public async Task GetToken_WrongSecret_IsAConfigurationErrorNotRetriedAndShownInStatus()
    {
        var appId = fixture.NewMisconfiguredAccount();
        var authority = fixture.Authority(appId);

        var first = await authority.GetTokenAsync();
        var again = await authority.GetTokenAsync();
        var reported = await authority.ReportRejectedAsync("some-token");
        var status = await authority.GetStatusAsync();

        Assert.Equal((AccessTokenProblem.ConfigurationError, 40125), (first.Problem, first.ErrorCode));
        Assert.Equal(AccessTokenProblem.ConfigurationError, again.Problem);
        Assert.Equal(AccessTokenProblem.ConfigurationError, reported.Problem);
        Assert.Equal(new FakeTokenCallCounts(1, 0), Api.TokenCallsFor(appId));
        Assert.True(status.ConfigurationError);
        Assert.False(status.HasToken);
        Assert.Equal(40125, status.LastErrorCode);
        Assert.Equal(fixture.Time.GetUtcNow(), status.LastErrorAt);
        Assert.StartsWith("invalid appsecret", status.LastErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_ConfigurationErrorBackOffOver_TriesOneNormalCallAgain()
    {
        var appId = fixture.NewMisconfiguredAccount();
        var authority = fixture.Authority(appId);
        await authority.GetTokenAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(60));

        var retried = await authority.GetTokenAsync();

        Assert.Equal(AccessTokenProblem.ConfigurationError, retried.Problem);
        Assert.Equal(new FakeTokenCallCounts(2, 0), Api.TokenCallsFor(appId));
    }

    [Fact]
    public async Task GetToken_IpWhitelistFixed_RecoversAfterTheBackOff()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        Api.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.StableToken, 40164));

        var refused = await authority.GetTokenAsync();
        var refusedStatus = await authority.GetStatusAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(60));
        var recovered = await authority.GetTokenAsync();
        var status = await authority.GetStatusAsync();

        Assert.Equal((AccessTokenProblem.ConfigurationError, 40164), (refused.Problem, refused.ErrorCode));
        Assert.True(refusedStatus.ConfigurationError);
        Assert.Equal(Api.CurrentToken(appId), recovered.Token);
        Assert.False(status.ConfigurationError);
        Assert.True(status.HasToken);
        Assert.Equal(40164, status.LastErrorCode);
    }

    [Fact]
    public async Task GetToken_TokenEndpointAnswers503_IsUnavailableAndTheNextCallSucceeds()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        Api.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.StableToken, 503));

        var unavailable = await authority.GetTokenAsync();
        var status = await authority.GetStatusAsync();
        var next = await authority.GetTokenAsync();

        Assert.Equal(AccessTokenProblem.Unavailable, unavailable.Problem);
        Assert.Null(unavailable.Token);
        Assert.Null(status.LastErrorCode);
        Assert.Contains("503", status.LastErrorMessage, StringComparison.Ordinal);
        Assert.False(status.ConfigurationError);
        Assert.Equal(Api.CurrentToken(appId), next.Token);
    }

    [Fact]
    public async Task PersistedState_AfterAForceRefresh_HoldsTheBookkeepingButNoToken()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var old = (await authority.GetTokenAsync()).Token!;
        Api.RevokeCurrentToken(appId);
        var fresh = (await authority.ReportRejectedAsync(old)).Token!;

        var payload = ReadPayload(AccountKey.WeChat(appId).ToString());

        Assert.Contains("\"ForceRefreshesToday\":1", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(old, payload, StringComparison.Ordinal);
        Assert.DoesNotContain(fresh, payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatus_WithAToken_ReportsItsExpiryButNotTheToken()
    {
        var appId = fixture.NewAccount();
        var authority = fixture.Authority(appId);
        var lease = await authority.GetTokenAsync();

        var status = await authority.GetStatusAsync();

        Assert.True(status.HasToken);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(7200), status.ExpiresAt);
        Assert.DoesNotContain(lease.Token!, status.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(lease.Token!, lease.ToString(), StringComparison.Ordinal);
    }

    private void AdvanceToNextBeijingDay(TimeSpan timeOfDay)
    {
        var beijing = fixture.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        fixture.Time.Advance(beijing.Date.AddDays(1) + timeOfDay - beijing.DateTime);
    }

    private string ReadPayload(string key)
    {
        using var connection = fixture.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload FROM grain_state
             WHERE service_id = $serviceId AND grain_id_extension = $key;
            """;
        command.Parameters.AddWithValue("$serviceId", fixture.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"No stored state for '{key}'.");
        var payload = Encoding.UTF8.GetString((byte[])reader.GetValue(0));
        Assert.False(reader.Read(), $"More than one row holds '{key}'.");
        return payload;
    }
}
