using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.IngressApi.Tests.Knowledge;
using CustomerService.Simulator.WeChat;
using Microsoft.Extensions.DependencyInjection;

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

        Assert.True(first.TransferredToHuman);
        Assert.True(retry.TransferredToHuman);
        Assert.NotEqual(first.Attempts[0].Body, retry.Attempts[0].Body);
    }

    // A character reference outside CDATA can carry a lone surrogate, which used to break normalisation and the
    // JSON state write, so that the push was never recorded or answered. The ingress repairs it to U+FFFD, which
    // the FAQ's normalisation drops.
    [Fact]
    public async Task Post_TextWithLoneSurrogateReference_RepliesWithFaqAnswerAndRecordsThePush()
    {
        await AssertReadyAsync();
        var user = NewUser();
        var msgId = WeChatUserSimulator.NewMessageId();
        var push = HandBuiltPush(user, "text", "<Content>什么时候发货&#xD800;</Content>", msgId);

        var first = await _wechat.SendPushAsync(push, TestContext.Current.CancellationToken);
        var retry = await _wechat.SendPushAsync(push, TestContext.Current.CancellationToken);
        var message = Assert.Single((await ConversationOf(user).GetSnapshotAsync()).Messages);

        Assert.Equal(SampleFaq.AnswerTo("什么时候发货"), first.ReplyText);
        Assert.Equal(first.ReplyText, retry.ReplyText);
        Assert.Equal(
            new MessageView { DedupId = $"msg:{msgId}", Status = MessageStatus.Delivered, Attempts = 2, Answer = SampleFaq.AnswerTo("什么时候发货"), AnswerSource = "faq", Delivery = DeliveryState.Delivered },
            message);
    }

    // The recognition is repaired to U+FFFD, which holds nothing readable, so it counts as no recognition.
    [Fact]
    public async Task Post_VoiceWithLoneSurrogateRecognition_AsksToTypeAsForNoRecognition()
    {
        await AssertReadyAsync();
        var user = NewUser();
        var push = HandBuiltPush(
            user,
            "voice",
            "<MediaId><![CDATA[media-1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition>&#xD83D;</Recognition>",
            WeChatUserSimulator.NewMessageId());

        var exchange = await _wechat.SendPushAsync(push, TestContext.Current.CancellationToken);

        Assert.Null(exchange.Error);
        Assert.Equal(new ReplyTextOptions().VoiceUnrecognized, exchange.ReplyText);
        Assert.Single(exchange.Attempts);
    }

    // Built by hand: WeChatPushBuilder writes CDATA and strips characters XML cannot carry.
    private static string HandBuiltPush(string user, string msgType, string elements, long msgId) =>
        "<xml><ToUserName><![CDATA[" + TestAccount.OriginalId + "]]></ToUserName><FromUserName><![CDATA[" + user
        + "]]></FromUserName><CreateTime>" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + "</CreateTime><MsgType><![CDATA["
        + msgType + "]]></MsgType>" + elements + "<MsgId>" + msgId + "</MsgId></xml>";

    private IConversationGrain ConversationOf(string user) =>
        _host.Factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IConversationGrain>(new ConversationKey(ChannelKind.WeChat, TestAccount.AppId, user).ToString());

    private static string NewUser() => "oRoundTrip" + Guid.NewGuid().ToString("N");

    private async Task AssertReadyAsync()
    {
        using var response = await _host.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
