using System.Globalization;
using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Tests.Dashboard;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.Telemetry;

/// <summary>
/// Structured logs: the lines of a push carry its conversation key and platform message id as scope values, in the
/// ingress and in the conversation grain; and no configured secret, nor a wrong one presented, is ever logged.
/// </summary>
public sealed class StructuredLogTests(LoggedPushFixture host) : IClassFixture<LoggedPushFixture>
{
    private const string IngressCategory = "CustomerService.IngressApi.WeChat.WeChatPushHandler";
    private const string GrainCategory = "CustomerService.Grains.Conversations.ConversationGrain";

    [Fact]
    public async Task Push_RoundTrip_IngressAndGrainLinesCarryTheConversationKeyAndMessageId()
    {
        var user = NewUser();
        var msgId = WeChatUserSimulator.NewMessageId();
        var key = new ConversationKey(ChannelKind.WeChat, TestAccount.AppId, user).ToString();
        var messageId = msgId.ToString(CultureInfo.InvariantCulture);

        await PushAndWaitForTheAnswerAsync(user, "请帮我介绍一下紫禁城的历史", msgId);

        var ingress = host.Logs.Entries.Where(e => e.Category == IngressCategory && e.Scope("PlatformMessageId") == messageId).ToList();
        var grain = host.Logs.Entries.Where(e => e.Category == GrainCategory && e.Scope("PlatformMessageId") == messageId).ToList();
        Assert.NotEmpty(ingress);
        Assert.NotEmpty(grain);
        Assert.All(ingress.Concat(grain), e => Assert.Equal(key, e.Scope("ConversationKey")));
        Assert.All(ingress.Concat(grain), e => Assert.Equal($"msg:{messageId}", e.Scope("DedupId")));
    }

    [Fact]
    public async Task Logs_PushModelAdminAndDashboardRequests_NeverContainASecretOrAPresentedWrongOne()
    {
        const string wrongAdminKey = "WrongAdminKeyNotSecret01";
        const string wrongDashboardPassword = "WrongDashboardPassword01";
        var user = NewUser();
        await PushAndWaitForTheAnswerAsync(user, "请给我讲讲长城是怎么修建的", WeChatUserSimulator.NewMessageId());
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(TestAccount.AdminApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(wrongAdminKey));
        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(DashboardCredentials.Password));
        Assert.Equal(HttpStatusCode.Unauthorized, await DashboardAsync(wrongDashboardPassword));

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Token"] = TestAccount.Token,
            ["EncodingAesKey"] = TestAccount.EncodingAesKey,
            ["AppSecret"] = LoggedPushFixture.AppSecret,
            ["access token"] = host.WeChat.CurrentToken(TestAccount.AppId)!,
            ["Llm:ApiKey"] = LoggedPushFixture.ModelApiKey,
            ["Admin:ApiKey"] = TestAccount.AdminApiKey,
            ["Dashboard:Password"] = DashboardCredentials.Password,
            ["Dashboard Basic header"] = DashboardCredentials.Basic(DashboardCredentials.Username, DashboardCredentials.Password).Parameter!,
            ["a wrong admin key"] = wrongAdminKey,
            ["a wrong dashboard password"] = wrongDashboardPassword,
        };
        var entries = host.Logs.Entries;

        // The refusals were logged (so their lines were searched), by path and reason only.
        Assert.Contains(entries, e => e.Message == "Dashboard request to /dashboard/version refused: wrong user name or password");
        Assert.Contains(entries, e => e.Message == "Admin API request to /api/status refused: wrong API key");
        foreach (var (name, value) in secrets)
        {
            var leaking = entries.Where(e => e.AllText.Contains(value, StringComparison.Ordinal)).Select(e => $"{e.Category}: {e.Message}").ToList();
            Assert.True(leaking.Count == 0, $"{name} appears in {leaking.Count} log line(s): {string.Join(" | ", leaking.Take(3))}");
        }
    }

    // Push mode: acknowledged at once, then the model's answer goes out through custom/send.
    private async Task PushAndWaitForTheAnswerAsync(string user, string question, long msgId)
    {
        host.WeChat.RecordUserMessage(TestAccount.AppId, user);
        var push = WeChatPushBuilder.Text(TestAccount.OriginalId, user, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), question, msgId);

        var exchange = await TestAccount.Simulator(host.Client).SendPushAsync(push, TestContext.Current.CancellationToken);
        await host.WeChat.WaitForSentAsync(all => all.Any(m => m.OpenId == user), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(exchange.Acknowledged, WeChatUserSimulator.Describe(exchange));
        Assert.Equal([FakeOpenAiServer.AnswerFor(question)], host.WeChat.SentMessages.Where(m => m.OpenId == user).Select(m => m.Text));
    }

    private async Task<HttpStatusCode> StatusWithKeyAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/status", UriKind.Relative));
        request.Headers.Add("X-Api-Key", key);
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> DashboardAsync(string password)
    {
        using var request = DashboardCredentials.Get("/dashboard/version", DashboardCredentials.Basic(DashboardCredentials.Username, password));
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static string NewUser() => "oLogged" + Guid.NewGuid().ToString("N");
}
