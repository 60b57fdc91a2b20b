using System.Text.Json;
using CustomerService.IngressApi.Tests.Hosting;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.WeChat;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.IngressApi.Tests.Delivery;

/// <summary>
/// A Push-mode account that WeChat refuses the customer-service API (48001): it switches to passive delivery, and
/// <c>/api/status</c> says so with the refusal as the reason, whatever error comes after it.
/// </summary>
public sealed class RevokedPushModeTests(RevokedPushModeTests.Fixture host) : IClassFixture<RevokedPushModeTests.Fixture>
{
    [Fact]
    public async Task GetStatus_AfterThePlatformRefusedThePushApi_ShowsPassiveWithTheRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = "oRevoked" + Guid.NewGuid().ToString("N");
        host.WeChat.RecordUserMessage(TestAccount.AppId, user);

        var exchange = await TestAccount.Simulator(host.Client).SendTextAsync(user, "运费怎么算", ct);
        using var body = await StatusWhenAsync(a => a.GetProperty("effectiveMode").GetString() == "passive", ct);

        Assert.True(exchange.Acknowledged, WeChatUserSimulator.Describe(exchange));
        var account = Assert.Single(body.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal("Push", account.GetProperty("replyMode").GetString());
        Assert.Contains("48001", account.GetProperty("modeReason").GetString(), StringComparison.Ordinal);
        var delivery = account.GetProperty("delivery");
        Assert.Equal(("PassiveOnly", 48001), (delivery.GetProperty("capability").GetString(), delivery.GetProperty("refusalCode").GetInt32()));
        Assert.DoesNotContain(host.WeChat.SentMessages, m => m.OpenId == user);
    }

    private async Task<JsonDocument> StatusWhenAsync(Func<JsonElement, bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Add("X-Api-Key", TestAccount.AdminApiKey);
            using var response = await host.Client.SendAsync(request, ct);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (condition(body.RootElement.GetProperty("accounts")[0]) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            body.Dispose();
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The ingress with its real silo; the test account in Push mode, refused by the fake WeChat API.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private const string AppSecret = "IngressRevokedSecretNotReal00000";

        public FakeWeChatApiServer WeChat { get; private set; } = null!;

        public IngressApiFactory Factory { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
            WeChat.RegisterAccount(TestAccount.AppId, AppSecret);
            WeChat.SetAccountPermission(TestAccount.AppId, canUseCustomerService: false);
            Factory = new IngressApiFactory(settings: new Dictionary<string, string>
            {
                ["Channels:WeChat:ApiBaseUrl"] = WeChat.BaseAddress.ToString(),
                ["Channels:WeChat:Accounts:0:AppSecret"] = AppSecret,
                ["Channels:WeChat:Accounts:0:ReplyMode"] = "Push",
            });
            Client = Factory.CreateClient();
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (Factory is not null)
            {
                await Factory.DisposeAsync();
            }

            if (WeChat is not null)
            {
                await WeChat.DisposeAsync();
            }
        }
    }
}
