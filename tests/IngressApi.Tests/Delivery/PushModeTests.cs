using System.Text.Json;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.IngressApi.Tests.Knowledge;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.IngressApi.Tests.Delivery;

/// <summary>
/// Push mode over the whole path: WeChat's push is acknowledged with <c>success</c> at once, and the answer arrives
/// through custom/send on the (fake) WeChat API.
/// </summary>
public sealed class PushModeTests(PushModeFixture host) : IClassFixture<PushModeFixture>
{
    [Fact]
    public async Task Post_QuestionForTheModel_AcknowledgesWithSuccessThenPushesTheAnswer()
    {
        var user = NewUser();
        const string question = "请推荐一本关于唐代诗人的书";
        host.WeChat.RecordUserMessage(TestAccount.AppId, user);

        var exchange = await WeChat().SendTextAsync(user, question, TestContext.Current.CancellationToken);
        await WaitForSentAsync(user, 1);

        Assert.True(exchange.Acknowledged, WeChatUserSimulator.Describe(exchange));
        Assert.Single(exchange.Attempts);
        Assert.Equal([FakeOpenAiServer.AnswerFor(question)], SentTo(user));
    }

    [Fact]
    public async Task Post_RetryOfAnAcknowledgedPush_DeliversTheAnswerOnce()
    {
        var user = NewUser();
        host.WeChat.RecordUserMessage(TestAccount.AppId, user);
        var push = WeChatPushBuilder.Text(TestAccount.OriginalId, user, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "运费怎么算", WeChatUserSimulator.NewMessageId());

        var first = await WeChat().SendPushAsync(push, TestContext.Current.CancellationToken);
        var retry = await WeChat().SendPushAsync(push, TestContext.Current.CancellationToken);
        await WaitForSentAsync(user, 1);
        await WaitUntilAllDeliveredAsync(user);

        Assert.True(first.Acknowledged && retry.Acknowledged);
        Assert.Equal([SampleFaq.AnswerTo("运费怎么算")], SentTo(user));
    }

    [Fact]
    public async Task GetStatus_AfterAPushedReply_ShowsPushModeTheTokenAndCountsThatAddUp()
    {
        var user = NewUser();
        host.WeChat.RecordUserMessage(TestAccount.AppId, user);
        await WeChat().SendTextAsync(user, "怎么退货", TestContext.Current.CancellationToken);
        await WaitForSentAsync(user, 1);
        await WaitUntilAllDeliveredAsync(user);

        // The counts follow the ledger off the request path, so they may lag it briefly.
        using var body = await StatusWhenAsync(root => root.GetProperty("accounts")[0].GetProperty("counts").GetProperty("delivered").GetInt64() >= 1);

        var account = Assert.Single(body.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal("push", account.GetProperty("effectiveMode").GetString());
        Assert.True(account.GetProperty("token").GetProperty("hasToken").GetBoolean());
        Assert.DoesNotContain(host.WeChat.CurrentToken(TestAccount.AppId)!, body.RootElement.GetRawText(), StringComparison.Ordinal);
        var counts = account.GetProperty("counts");
        Assert.True(counts.GetProperty("delivered").GetInt64() >= 1);
        var parts = new[] { "pending", "inDoubt", "delivered", "held", "failed", "expired" }.Sum(p => counts.GetProperty(p).GetInt64());
        Assert.Equal(counts.GetProperty("generated").GetInt64(), parts);
    }

    private async Task<JsonDocument> StatusWhenAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Add("X-Api-Key", TestAccount.AdminApiKey);
            using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            if (condition(body.RootElement) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            body.Dispose();
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    // Once the ledger says delivered, the outbox is done with the reply: a second copy could only come from a
    // second owner, which is what this test rules out.
    private async Task WaitUntilAllDeliveredAsync(string user)
    {
        var grain = host.Factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IConversationGrain>(new ConversationKey(ChannelKind.WeChat, TestAccount.AppId, user).ToString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await grain.GetSnapshotAsync()).Messages.All(m => m.Delivery == DeliveryState.Delivered))
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The reply was not delivered within 30 s.");
    }

    private IReadOnlyList<string> SentTo(string user) =>
        [.. host.WeChat.SentMessages.Where(m => m.OpenId == user).OrderBy(m => m.Sequence).Select(m => m.Text)];

    private Task WaitForSentAsync(string user, int count) =>
        host.WeChat.WaitForSentAsync(all => all.Count(m => m.OpenId == user) >= count, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private WeChatUserSimulator WeChat() => TestAccount.Simulator(host.Client);

    private static string NewUser() => "oPush" + Guid.NewGuid().ToString("N");
}
