using CustomerService.Channels.WeChat;
using CustomerService.EndToEnd.Tests.Hosting;
using CustomerService.EndToEnd.Tests.Knowledge;
using CustomerService.Grains.Conversations;
using CustomerService.Simulator.WeChat;

namespace CustomerService.EndToEnd.Tests;

/// <summary>
/// A WeChat user talking to the server process as a developer starts it: the demo account, safe mode (the
/// simulator's default, as on a real account), every push signed, encrypted and decoded exactly as WeChat does.
/// </summary>
public sealed class ConversationEndToEndTests : IClassFixture<IngressServerProcess>
{
    private static readonly ReplyTextOptions DefaultReplies = new();

    private readonly IngressServerProcess _server;
    private readonly WeChatUserSimulator _wechat;

    public ConversationEndToEndTests(IngressServerProcess server)
    {
        _server = server;
        _wechat = new WeChatUserSimulator(
            server.Client,
            new WeChatSimulatorSettings { ServerUrl = server.BaseAddress, Mode = WeChatEncryptionMode.Safe },
            TimeProvider.System);
    }

    [Fact]
    public async Task Conversation_FollowAskAndRequestHuman_GetsWelcomeFaqAnswerAndATransferToHumanService()
    {
        var user = NewUser();
        var faqAnswer = SampleFaq.AnswerTo("什么时候发货");

        var welcome = await _wechat.SendEventAsync(user, "subscribe", cancellationToken: TestContext.Current.CancellationToken);
        var answer = await _wechat.SendTextAsync(user, "什么时候发货", TestContext.Current.CancellationToken);
        var handoff = await _wechat.SendTextAsync(user, "转人工", TestContext.Current.CancellationToken);

        _server.AssertWithOutput(() =>
        {
            Assert.Equal(DefaultReplies.Welcome, welcome.ReplyText);
            Assert.Equal(faqAnswer, answer.ReplyText);
            Assert.True(handoff.TransferredToHuman);
        }, welcome, answer, handoff);
    }

    // 不要人工 refuses a human; with no model configured the bot answers with its fallback, not the handoff text.
    [Fact]
    public async Task Text_NegatedHandoffFromNewUser_GetsFallbackNotHandoff()
    {
        var exchange = await _wechat.SendTextAsync(NewUser(), "不要人工", TestContext.Current.CancellationToken);

        _server.AssertWithOutput(() => Assert.Equal(DefaultReplies.Fallback, exchange.ReplyText), exchange);
    }

    private static string NewUser() => "oEndToEnd" + Guid.NewGuid().ToString("N");
}
