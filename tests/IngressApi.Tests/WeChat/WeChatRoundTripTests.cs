using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.IngressApi.Tests.Knowledge;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// Safe-mode pushes through the whole stack: verification, decryption, the conversation grain with its SQLite state,
/// the FAQ, and the encrypted passive reply, checked the way WeChat checks it.
/// </summary>
public sealed class WeChatRoundTripTests : IClassFixture<RealSiloFixture>
{
    private readonly RealSiloFixture _host;
    private readonly WeChatUserSimulator _wechat;

    public WeChatRoundTripTests(RealSiloFixture host)
    {
        _host = host;
        _wechat = TestAccount.Simulator(host.Client);
    }

    // Starting the host starts the silo through its Active stage (the silo is a hosted service that the host awaits),
    // so readiness needs no polling here; an in-process host that answered 503 now would be a regression.
    [Fact]
    public async Task Readyz_AfterHostStart_Returns200()
    {
        using var response = await _host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_FaqQuestionInSafeMode_RepliesWithFaqAnswer()
    {
        await AssertReadyAsync();
        var expected = SampleFaq.AnswerTo("什么时候发货");

        var exchange = await _wechat.SendTextAsync(NewUser(), "什么时候发货", TestContext.Current.CancellationToken);

        Assert.Null(exchange.Error);
        Assert.Equal(expected, exchange.ReplyText);
        Assert.Single(exchange.Attempts);
    }

    // 转人工 is answered once with the handoff text; a new message while waiting gets a different text (the waiting
    // notice), so the same text coming back proves the retry was recognised as the same push, not answered anew.
    [Fact]
    public async Task Post_RetryOfSamePush_RepliesWithFirstReplyAgain()
    {
        await AssertReadyAsync();
        var push = WeChatPushBuilder.Text(TestAccount.OriginalId, NewUser(), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "转人工", WeChatUserSimulator.NewMessageId());

        var first = await _wechat.SendPushAsync(push, TestContext.Current.CancellationToken);
        var retry = await _wechat.SendPushAsync(push, TestContext.Current.CancellationToken);

        Assert.Equal(new ReplyTextOptions().Handoff, first.ReplyText);
        Assert.Equal(first.ReplyText, retry.ReplyText);
        Assert.NotEqual(first.Attempts[0].Body, retry.Attempts[0].Body);
    }

    private static string NewUser() => "oRoundTrip" + Guid.NewGuid().ToString("N");

    private async Task AssertReadyAsync()
    {
        using var response = await _host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
