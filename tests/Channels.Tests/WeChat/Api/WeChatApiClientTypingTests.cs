using System.Net.Http.Json;
using CustomerService.Channels.WeChat.Api;

namespace CustomerService.Channels.Tests.WeChat.Api;

/// <summary>custom/typing over loopback against the fake: 30 s after an interaction, 15 s long, cleared by a send.</summary>
public sealed class WeChatApiClientTypingTests
{
    [Fact]
    public async Task SendTyping_RightAfterUserMessage_IsAccepted()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();

        var result = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.True(result.IsOk, result.ToString());
        var call = Assert.Single(api.Server.TypingCalls);
        Assert.Equal("Typing", call.Command);
        Assert.Equal(user, call.OpenId);
    }

    [Fact]
    public async Task SendTyping_NoInteractionFor31Seconds_Returns45080()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Advance(TimeSpan.FromSeconds(31));

        var result = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.Equal(45080, result.Code);
        Assert.Equal(WeChatErrorClass.TypingIgnored, result.Class);
    }

    [Fact]
    public async Task SendTyping_WhileIndicatorActive_Returns45081()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);
        api.Advance(TimeSpan.FromSeconds(14));

        var again = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.Equal(45081, again.Code);
    }

    [Fact]
    public async Task SendTyping_After15Seconds_IsAcceptedAgain()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);
        api.Advance(TimeSpan.FromSeconds(15));

        var again = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.True(again.IsOk, again.ToString());
    }

    [Fact]
    public async Task SendTyping_AfterAMessageWasSent_IsAcceptedAgain()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);
        await api.SendAsync(token, user);

        var again = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.True(again.IsOk, again.ToString());
    }

    [Fact]
    public async Task SendTyping_CancelThenTyping_IsAccepted()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        var cancel = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.CancelTyping, FakeApiHarness.Ct);
        var again = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.True(cancel.IsOk, cancel.ToString());
        Assert.True(again.IsOk, again.ToString());
        Assert.Equal(["Typing", "CancelTyping", "Typing"], api.Server.TypingCalls.Select(c => c.Command));
    }

    [Fact]
    public async Task SendTyping_AccountWithoutPermission_Returns48001()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.SetAccountPermission(FakeApiHarness.AppId, canUseCustomerService: false);

        var result = await api.Client.SendTypingAsync(token, user, WeChatTypingCommand.Typing, FakeApiHarness.Ct);

        Assert.Equal(48001, result.Code);
    }

    [Fact]
    public async Task Typing_BadCommandOnTheWire_Returns45072()
    {
        // The client cannot send a bad command (it takes an enum), so this checks the fake with a raw request.
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        using var http = new HttpClient { BaseAddress = api.Server.BaseAddress };

        using var response = await http.PostAsJsonAsync(
            "cgi-bin/message/custom/typing?access_token=" + Uri.EscapeDataString(token), new { touser = user, command = "typing" }, FakeApiHarness.Ct);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(FakeApiHarness.Ct);

        Assert.Equal(45072, body.GetProperty("errcode").GetInt32());
    }
}
