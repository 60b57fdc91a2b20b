using System.Diagnostics;
using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>A verified push reaches the dispatcher once and gets whatever the dispatcher decides.</summary>
[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class WeChatPushDispatchTests
{
    private readonly FakeDispatcherFixture _host;

    public WeChatPushDispatchTests(FakeDispatcherFixture host)
    {
        _host = host;
        _host.Dispatcher.Reset();
    }

    private FakeConversationDispatcher Dispatcher => _host.Dispatcher;

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext)]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public async Task Post_DispatcherReplies_ReturnsReplyInRequestMode(WeChatEncryptionMode mode)
    {
        Dispatcher.Reply = PassiveReply.WithText("x");
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), mode);

        using var response = await SendAsync(WeChatRequests.Post(signed));
        var decoded = WeChatRequests.Decoder.Decode(await ReadAsync(response), mode);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(decoded.Succeeded, decoded.Error);
        Assert.Equal("x", decoded.Content);
        Assert.Equal(mode != WeChatEncryptionMode.Plaintext, decoded.WasEncrypted);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext)]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public async Task Post_DispatcherAcknowledges_ReturnsSuccess(WeChatEncryptionMode mode)
    {
        Dispatcher.Reply = PassiveReply.Acknowledge;
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), mode);

        using var response = await SendAsync(WeChatRequests.Post(signed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await ReadAsync(response));
        Assert.Single(Dispatcher.Recorded);
    }

    // Held, not failed: a 5xx or any body (even an empty 200) would end WeChat's delivery, while silence makes it
    // retry (and the retry is deduplicated). So nothing comes back early, and when the hold ends without the client
    // having gone, the connection is aborted rather than answered.
    [Fact]
    public async Task Post_DispatcherThrows_HoldsThenAbortsWithoutAnyResponse()
    {
        Dispatcher.Failure = new InvalidOperationException("silo unavailable");
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Safe);

        var started = Stopwatch.GetTimestamp();
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await SendAsync(WeChatRequests.Post(signed));
            await ReadAsync(response);
        });
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.NotNull(failure);
        Assert.IsNotType<Xunit.Sdk.XunitException>(failure);
        Assert.Single(Dispatcher.Recorded);

        // Task.Delay runs on the coarse tick clock, which may end the hold a few milliseconds before a Stopwatch
        // says 5 s have passed; 50 ms of slack covers that and still tells a hold from an immediate answer.
        Assert.True(
            elapsed >= TimeSpan.FromSeconds(FakeDispatcherFixture.HoldMaxSeconds) - TimeSpan.FromMilliseconds(50),
            $"The request ended after {elapsed.TotalMilliseconds:F0} ms, before the {FakeDispatcherFixture.HoldMaxSeconds} s hold ended.");
    }

    // WeChat passes C0 control characters through, raw (here inside CDATA) or as a character reference (outside
    // CDATA, where it is decoded); such a message must still be read and answered. {C0} stands for a raw U+0002,
    // kept out of the test's display name: a raw control character there can make a result vanish from the runner.
    [Theory]
    [InlineData("<Content><![CDATA[hi{C0}there]]></Content>")]
    [InlineData("<Content>hi&#2;there</Content>")]
    public async Task Post_ControlCharacterInContent_ReachesDispatcherAndIsAnswered(string contentElement)
    {
        Dispatcher.Reply = PassiveReply.WithText("ok");
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("placeholder"), WeChatEncryptionMode.Plaintext);

        var element = contentElement.Replace("{C0}", "\u0002", StringComparison.Ordinal);
        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, PushWithContentElement(element)));
        var decoded = WeChatRequests.Decoder.Decode(await ReadAsync(response), WeChatEncryptionMode.Plaintext);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(Dispatcher.Recorded);
        Assert.Equal("hi\u0002there", recorded.Message.Text);
        Assert.Equal("ok", decoded.Content);
    }

    // A character reference outside CDATA can carry a lone surrogate; the edge repairs it to U+FFFD, so nothing
    // downstream (normalisation, UTF-8, the state write) sees broken UTF-16. Compared as code points: a failure
    // message with a lone surrogate in it would be dropped by the runner.
    [Fact]
    public async Task Post_LoneSurrogateReferenceInContent_ReachesDispatcherAsReplacementCharacter()
    {
        Dispatcher.Reply = PassiveReply.WithText("ok");
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("placeholder"), WeChatEncryptionMode.Plaintext);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, PushWithContentElement("<Content>发货&#xD800;</Content>")));
        var decoded = WeChatRequests.Decoder.Decode(await ReadAsync(response), WeChatEncryptionMode.Plaintext);

        var recorded = Assert.Single(Dispatcher.Recorded);
        Assert.Equal([0x53D1, 0x8D27, 0xFFFD], CodeUnits(recorded.Message.Text));
        Assert.Equal("ok", decoded.Content);
    }

    [Fact]
    public async Task Post_LoneSurrogateReferenceInEventKey_ReachesDispatcherAsReplacementCharacter()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("placeholder"), WeChatEncryptionMode.Plaintext);
        var push = "<xml><ToUserName><![CDATA[" + TestAccount.OriginalId + "]]></ToUserName><FromUserName><![CDATA["
            + WeChatRequests.UserOpenId + "]]></FromUserName><CreateTime>" + DateTimeOffset.UtcNow.ToUnixTimeSeconds()
            + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey>k&#xDC00;</EventKey></xml>";

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, push));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(Dispatcher.Recorded);
        Assert.Equal(InboundKind.MenuClick, recorded.Message.Kind);
        Assert.Equal(['k', 0xFFFD], CodeUnits(recorded.Message.EventKey));
    }

    // The reverse direction: a control character in our own reply would make WeChat reject the XML (wechat.md P6).
    [Fact]
    public async Task Post_ReplyWithControlCharacter_RepliesWithoutIt()
    {
        Dispatcher.Reply = PassiveReply.WithText("a\u0002b");
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Safe);

        using var response = await SendAsync(WeChatRequests.Post(signed));
        var decoded = WeChatRequests.Decoder.Decode(await ReadAsync(response), WeChatEncryptionMode.Safe);

        Assert.True(decoded.Succeeded, decoded.Error);
        Assert.Equal("ab", decoded.Content);
    }

    // openid is outside every signature; FromUserName is inside the verified XML.
    [Fact]
    public async Task Post_OpenIdDiffersFromFromUserName_DispatchesToFromUserName()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello", fromUser: "oRealUser"), WeChatEncryptionMode.Safe, openId: "oAttacker");

        using var response = await SendAsync(WeChatRequests.Post(signed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(Dispatcher.Recorded);
        Assert.Equal(new ConversationKey(ChannelKind.WeChat, TestAccount.AppId, "oRealUser"), recorded.Key);
    }

    // Built by hand: the signer parses what it signs and so cannot carry every byte WeChat may send.
    private static string PushWithContentElement(string contentElement) =>
        "<xml><ToUserName><![CDATA[" + TestAccount.OriginalId + "]]></ToUserName><FromUserName><![CDATA["
        + WeChatRequests.UserOpenId + "]]></FromUserName><CreateTime>" + DateTimeOffset.UtcNow.ToUnixTimeSeconds()
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType>" + contentElement + "<MsgId>" + WeChatUserSimulator.NewMessageId()
        + "</MsgId></xml>";

    private static int[] CodeUnits(string? text) => [.. (text ?? string.Empty).Select(c => (int)c)];

    private static Task<string> ReadAsync(HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }
}
