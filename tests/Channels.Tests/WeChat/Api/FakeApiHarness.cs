using CustomerService.Channels.WeChat.Api;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Channels.Tests.WeChat.Api;

/// <summary>
/// The fake WeChat API on loopback with a manual clock, one registered account, and the real client talking to it
/// over HTTP.
/// </summary>
internal sealed class FakeApiHarness : IAsyncDisposable
{
    public const string AppId = "wxapitest0000001";
    public const string AppSecret = "ApiTestSecret0000000000000000001";

    /// <summary>10:00 in Beijing, so that a few hours of test time stay on one Beijing day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http;

    private FakeApiHarness(FakeWeChatApiServer server, ManualTimeProvider clock, TimeSpan? httpTimeout)
    {
        Server = server;
        Clock = clock;
        _http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = httpTimeout ?? TimeSpan.FromSeconds(30) };
        Client = new WeChatApiClient(_http);
    }

    public FakeWeChatApiServer Server { get; }

    public ManualTimeProvider Clock { get; }

    public WeChatApiClient Client { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<FakeApiHarness> StartAsync(Func<TimeProvider, FakeWeChatApiOptions>? options = null, TimeSpan? httpTimeout = null)
    {
        var clock = new ManualTimeProvider(Start);
        var server = await FakeWeChatApiServer.StartAsync(options?.Invoke(clock) ?? new FakeWeChatApiOptions { TimeProvider = clock }, Ct);
        server.RegisterAccount(AppId, AppSecret);
        return new FakeApiHarness(server, clock, httpTimeout);
    }

    public static string NewOpenId() => "oTest" + Guid.NewGuid().ToString("N")[..23];

    public void Advance(TimeSpan by) => Clock.UtcNow += by;

    public Task<WeChatTokenResult> NormalTokenAsync() => Client.GetStableTokenAsync(AppId, AppSecret, forceRefresh: false, Ct);

    public Task<WeChatTokenResult> ForceTokenAsync() => Client.GetStableTokenAsync(AppId, AppSecret, forceRefresh: true, Ct);

    public async Task<string> TokenAsync()
    {
        var result = await NormalTokenAsync();
        Assert.True(result.IsOk, result.ToString());
        return result.AccessToken!;
    }

    /// <summary>A user who just wrote to the account (5 messages within 48 h).</summary>
    public string UserWhoWrote()
    {
        var openId = NewOpenId();
        Server.RecordUserMessage(AppId, openId);
        return openId;
    }

    public Task<WeChatApiError> SendAsync(string token, string openId, string text = "你好") => Client.SendTextAsync(token, openId, text, Ct);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
