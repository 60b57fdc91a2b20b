using System.Net;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Channels.Tests.WeChat.Api;

/// <summary>Injected production failures, and how the client surfaces and classifies each one.</summary>
public sealed class WeChatApiClientFaultTests
{
    [Fact]
    public async Task SendText_InjectedSystemBusy_ReturnsBusyAndIsNotRecorded()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, -1));

        var busy = await api.SendAsync(token, user);
        var next = await api.SendAsync(token, user);

        Assert.Equal(-1, busy.Code);
        Assert.Equal(WeChatErrorClass.Busy, busy.Class);
        Assert.True(next.IsOk, next.ToString());
        Assert.Single(api.Server.SentMessages);
    }

    [Fact]
    public async Task SendText_FaultForOneOpenId_LeavesOthersAlone()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var target = api.UserWhoWrote();
        var other = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 43004, openId: target));

        var toOther = await api.SendAsync(token, other);
        var toTarget = await api.SendAsync(token, target);

        Assert.True(toOther.IsOk, toOther.ToString());
        Assert.Equal(43004, toTarget.Code);
        Assert.Equal(WeChatErrorClass.UserUnreachable, toTarget.Class);
    }

    [Fact]
    public async Task SendText_FaultWithCount_AffectsThatManyCalls()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, 45011, count: 2));

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await api.SendAsync(token, user)).Code);
        }

        Assert.Equal([45011, 45011, 0], codes);
    }

    [Theory]
    [InlineData(503, WeChatTransportOutcome.NotSent)]
    [InlineData(502, WeChatTransportOutcome.NotSent)]
    [InlineData(500, WeChatTransportOutcome.InDoubt)]
    [InlineData(504, WeChatTransportOutcome.InDoubt)]
    public async Task SendText_InjectedHttpStatus_ThrowsWeChatHttpExceptionClassifiedAsDocumented(int status, WeChatTransportOutcome expected)
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.Send, status));

        var failure = await Assert.ThrowsAsync<WeChatHttpException>(() => api.SendAsync(token, user));

        Assert.Equal((HttpStatusCode)status, failure.StatusCode);
        Assert.Equal(expected, WeChatTransportFailure.Classify(failure));
        Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendText_ConnectionDroppedBeforeHandling_IsInDoubtAndNotDelivered()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Drop(FakeWeChatEndpoint.Send));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => api.SendAsync(token, user));

        Assert.IsType<HttpRequestException>(failure);
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(failure));
        Assert.Empty(api.Server.SentMessages);
    }

    [Fact]
    public async Task SendText_ConnectionDroppedAfterHandling_IsInDoubtAndWasDelivered()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Drop(FakeWeChatEndpoint.Send, afterHandling: true));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => api.SendAsync(token, user, "已送达但未确认"));

        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(failure));
        Assert.Equal("已送达但未确认", Assert.Single(api.Server.SentMessages).Text);
    }

    [Fact]
    public async Task SendText_BodyNotJson_ThrowsWeChatProtocolException()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.NotJson(FakeWeChatEndpoint.Send));

        var failure = await Assert.ThrowsAsync<WeChatProtocolException>(() => api.SendAsync(token, user));

        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(failure));
    }

    [Fact]
    public async Task GetStableToken_InjectedIpNotWhitelisted_IsAConfigurationError()
    {
        await using var api = await FakeApiHarness.StartAsync();
        api.Server.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.StableToken, 40164));

        var result = await api.NormalTokenAsync();

        Assert.Equal(40164, result.Error.Code);
        Assert.True(WeChatErrorTable.IsConfigurationError(result.Error.Class));
        Assert.Null(result.AccessToken);
    }

    [Fact]
    public async Task GetStableToken_InjectedHttp503_ThrowsNotSent()
    {
        await using var api = await FakeApiHarness.StartAsync();
        api.Server.EnqueueFault(FakeWeChatFault.Http(FakeWeChatEndpoint.StableToken, 503));

        var failure = await Assert.ThrowsAsync<WeChatHttpException>(api.NormalTokenAsync);

        Assert.Equal(WeChatTransportOutcome.NotSent, WeChatTransportFailure.Classify(failure));
    }

    [Fact]
    public async Task SendTyping_InjectedFault_AppliesToTypingOnly()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Typing, 45080));

        var send = await api.SendAsync(token, user);
        var typing = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.True(send.IsOk, send.ToString());
        Assert.Equal(45080, typing.Code);
    }

    [Fact]
    public async Task ControlSurface_FaultPostedOverHttp_IsApplied()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };

        using var posted = await http.PostAsync(
            "_simulator/faults", new StringContent("""{"endpoint":"send","errcode":45047}""", System.Text.Encoding.UTF8, "application/json"), FakeApiHarness.Ct);
        var result = await api.SendAsync(token, user);

        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        Assert.Equal(45047, result.Code);
    }

    [Fact]
    public async Task ControlSurface_Messages_ListsSentMessagesAsJson()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = FakeApiHarness.NewOpenId();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };
        using var opened = await http.PostAsync(
            "_simulator/user-message",
            new StringContent($$"""{"appid":"{{FakeApiHarness.AppId}}","openid":"{{user}}"}""", System.Text.Encoding.UTF8, "application/json"),
            FakeApiHarness.Ct);
        await api.SendAsync(token, user, "列表里的消息");

        var json = await http.GetStringAsync("_simulator/messages", FakeApiHarness.Ct);

        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var message = Assert.Single(document.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("列表里的消息", message.GetProperty("text").GetString());
        Assert.Equal(user, message.GetProperty("openid").GetString());
    }

    [Fact]
    public async Task ControlSurface_BadFault_Answers400()
    {
        await using var api = await FakeApiHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };

        using var posted = await http.PostAsync(
            "_simulator/faults", new StringContent("""{"endpoint":"send","errcode":1,"http_status":500}""", System.Text.Encoding.UTF8, "application/json"), FakeApiHarness.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
    }
}
