using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Delivery.WeChat;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

/// <summary>Send → on a token rejection report it → retry once, through the real client, grain and fake API.</summary>
[Collection(AccessTokenClusterCollection.Name)]
public sealed class WeChatSendInvokerTests(AccessTokenClusterFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Api.BaseAddress };

    private FakeWeChatApiServer Api => fixture.Api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendText_TokenRevoked_Gets40001ThenOneSuccessfulRetry()
    {
        var (appId, openId, authority) = await AccountWithTokenAsync();
        Api.RevokeCurrentToken(appId);

        var result = await Invoker().SendTextAsync(authority, openId, "重试后送达", Ct);

        Assert.Equal((WeChatSendStatus.Sent, 2), (result.Status, result.Attempts));
        var sent = Assert.Single(Api.SentMessages, m => m.OpenId == openId);
        Assert.Equal("重试后送达", sent.Text);
        Assert.Equal(1, Api.TokenCallsFor(appId).ForceRefresh);
    }

    // The production failure this prevents: every in-flight send gets 40001 at once, and each process (or each send)
    // force-refreshes, invalidating the others' new tokens. Here the sends start from both silos.
    [Fact]
    public async Task SendText_HundredConcurrentSendsOnTwoSilosAllGet40001_ExactlyOneForceRefreshAndAllDelivered()
    {
        var appId = fixture.NewAccount();
        var users = Enumerable.Range(0, 100).Select(i => $"oBurst{i:D3}{Guid.NewGuid():N}"[..28]).ToList();
        users.ForEach(user => Api.RecordUserMessage(appId, user));
        Assert.NotNull((await fixture.Authority(appId).GetTokenAsync()).Token);
        Api.RevokeCurrentToken(appId);

        var results = await Task.WhenAll(users.Select((user, i) =>
            Invoker().SendTextAsync(fixture.AuthorityFromSilo(i % 2, appId), user, "批量消息", Ct)));

        Assert.All(results, r => Assert.Equal(WeChatSendStatus.Sent, r.Status));
        Assert.Equal(1, Api.TokenCallsFor(appId).ForceRefresh);
        Assert.Equal(users.Order(StringComparer.Ordinal), Api.SentMessages.Where(m => m.AppId == appId).Select(m => m.OpenId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendText_TokenRotatedElsewhere_RetriesWithTheNewTokenWithoutForceRefresh()
    {
        var (appId, openId, authority) = await AccountWithTokenAsync();
        Api.RotateToken(appId);

        var result = await Invoker().SendTextAsync(authority, openId, "轮换", Ct);

        Assert.Equal((WeChatSendStatus.Sent, 2), (result.Status, result.Attempts));
        Assert.Equal(0, Api.TokenCallsFor(appId).ForceRefresh);
    }

    [Fact]
    public async Task SendText_RejectedAgainAfterTheRetry_StopsAfterTwoAttempts()
    {
        var (_, openId, authority) = await AccountWithTokenAsync();
        Api.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 40001, count: 3, openId: openId));

        var result = await Invoker().SendTextAsync(authority, openId, "不会送达", Ct);

        Assert.Equal((WeChatSendStatus.PlatformError, 2), (result.Status, result.Attempts));
        Assert.Equal(40001, result.Error.Code);
        Assert.Equal(WeChatErrorClass.TokenRejected, result.ErrorClass);
        Assert.DoesNotContain(Api.SentMessages, m => m.OpenId == openId);
    }

    [Fact]
    public async Task SendText_WindowClosed_IsClassifiedAndNotRetried()
    {
        var (_, openId, authority) = await AccountWithTokenAsync();
        Api.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45015, openId: openId));

        var result = await Invoker().SendTextAsync(authority, openId, "窗口已关", Ct);

        Assert.Equal((WeChatSendStatus.PlatformError, 1), (result.Status, result.Attempts));
        Assert.Equal(WeChatErrorClass.WindowClosed, result.ErrorClass);
    }

    [Fact]
    public async Task SendText_ConnectionDroppedAfterDelivery_IsAnInDoubtTransportFailure()
    {
        var (_, openId, authority) = await AccountWithTokenAsync();
        Api.EnqueueFault(FakeWeChatFault.Drop(FakeWeChatEndpoint.Send, afterHandling: true, openId: openId));

        var result = await Invoker().SendTextAsync(authority, openId, "可能已送达", Ct);

        Assert.Equal(WeChatSendStatus.TransportFailure, result.Status);
        Assert.Equal(WeChatTransportOutcome.InDoubt, result.Transport);
        Assert.Single(Api.SentMessages, m => m.OpenId == openId);
    }

    [Fact]
    public async Task SendText_AccountMisconfigured_ReturnsNoTokenWithoutSending()
    {
        var appId = fixture.NewMisconfiguredAccount();
        var openId = "oInvoker" + Guid.NewGuid().ToString("N")[..20];
        Api.RecordUserMessage(appId, openId);

        var result = await Invoker().SendTextAsync(fixture.Authority(appId), openId, "不会发出", Ct);

        Assert.Equal((WeChatSendStatus.NoToken, 0), (result.Status, result.Attempts));
        Assert.Equal((AccessTokenProblem.ConfigurationError, 40125), (result.TokenProblem, result.TokenErrorCode));
    }

    [Fact]
    public async Task SendTyping_AfterAUserMessage_IsSent()
    {
        var (_, openId, authority) = await AccountWithTokenAsync();

        var result = await Invoker().SendTypingAsync(authority, openId, WeChatTypingCommand.Typing, Ct);

        Assert.Equal(WeChatSendStatus.Sent, result.Status);
    }

    // The token grain call itself fails (here an Orleans timeout): no token, and the send API is never called.
    [Fact]
    public async Task InvokeAsync_TokenGrainCallTimesOut_ReturnsNoTokenWithoutSending()
    {
        var calls = 0;
        var authority = new ThrowingAuthority(getToken: () => throw new TimeoutException("Response did not arrive on time"));

        var result = await WeChatSendInvoker.InvokeAsync(authority, (_, _) => { calls++; return Task.FromResult(WeChatApiError.Ok); }, Ct);

        Assert.Equal((WeChatSendStatus.NoToken, AccessTokenProblem.Unavailable, 0), (result.Status, result.TokenProblem, result.Attempts));
        Assert.Equal(nameof(TimeoutException), result.TokenAuthorityFailure);
        Assert.Equal(0, calls);
    }

    // The platform rejected the token, and reporting it to the token grain fails (its silo is gone): no token either,
    // after the one attempt that the platform refused.
    [Fact]
    public async Task InvokeAsync_TokenGrainFailsWhenTheRejectionIsReported_ReturnsNoTokenAfterOneAttempt()
    {
        var authority = new ThrowingAuthority(
            getToken: () => Task.FromResult(AccessTokenLease.For("token-1")),
            reportRejected: () => throw new SiloUnavailableException("silo gone"));

        var result = await WeChatSendInvoker.InvokeAsync(authority, (_, _) => Task.FromResult(new WeChatApiError(40001, "invalid credential")), Ct);

        Assert.Equal((WeChatSendStatus.NoToken, AccessTokenProblem.Unavailable, 1), (result.Status, result.TokenProblem, result.Attempts));
        Assert.Equal(nameof(SiloUnavailableException), result.TokenAuthorityFailure);
    }

    public void Dispose() => _http.Dispose();

    private WeChatSendInvoker Invoker() => new(new WeChatApiClient(_http));

    // A token authority whose calls fail as a grain call can, without a cluster.
    private sealed class ThrowingAuthority(Func<Task<AccessTokenLease>> getToken, Func<Task<AccessTokenLease>>? reportRejected = null) : IAccessTokenGrain
    {
        public Task<AccessTokenLease> GetTokenAsync() => getToken();

        public Task<AccessTokenLease> ReportRejectedAsync(string failingToken) =>
            (reportRejected ?? throw new InvalidOperationException("No rejection expected."))();

        public Task<AccessTokenStatus> GetStatusAsync() => throw new NotSupportedException();
    }

    private async Task<(string AppId, string OpenId, IAccessTokenGrain Authority)> AccountWithTokenAsync()
    {
        var appId = fixture.NewAccount();
        var openId = "oInvoker" + Guid.NewGuid().ToString("N")[..20];
        Api.RecordUserMessage(appId, openId);
        var authority = fixture.Authority(appId);
        Assert.NotNull((await authority.GetTokenAsync()).Token);
        return (appId, openId, authority);
    }
}
