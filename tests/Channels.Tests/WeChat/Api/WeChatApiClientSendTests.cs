using CustomerService.Channels.WeChat.Api;
using CustomerService.Simulator.WeChat.Api;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.WeChat.Api;

/// <summary>custom/send over loopback against the fake, which enforces the platform's quota and limits.</summary>
public sealed class WeChatApiClientSendTests
{
    [Fact]
    public async Task SendText_InsideWindow_IsRecordedWithExactText()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        const string text = "您好！订单 #42 已发货 👨‍👩‍👧 \"引号\" \\ <a href=\"https://example.com/?a=1&b=2\">链接</a>\n第二行\t🇨🇳";

        var result = await api.SendAsync(token, user, text);

        Assert.True(result.IsOk, result.ToString());
        var sent = Assert.Single(api.Server.SentMessages);
        Assert.Equal(Printable.Escape(text), Printable.Escape(sent.Text));
        Assert.Equal(user, sent.OpenId);
        Assert.Equal(FakeApiHarness.AppId, sent.AppId);
        Assert.Equal(FakeApiHarness.Start, sent.At);
        Assert.Equal(1, sent.Sequence);
    }

    [Fact]
    public async Task SendText_ChineseAndEmoji_TravelAsUtf8NotEscapes()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();

        await api.SendAsync(token, user, "你好😀");

        var raw = Assert.Single(api.Server.SentMessages).RawBody;
        Assert.Contains("\"content\":\"你好😀\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
        Assert.Contains("\"msgtype\":\"text\"", raw, StringComparison.Ordinal);
        Assert.Contains($"\"touser\":\"{user}\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendText_Exactly2048Bytes_IsAccepted()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();

        // 682 CJK characters (3 bytes each) + 2 ASCII = 2048 bytes.
        var result = await api.SendAsync(token, user, new string('中', 682) + "ab");

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public async Task SendText_Over2048Bytes_Returns45002AndIsNotRecorded()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();

        // 683 CJK characters = 2049 bytes, though only 683 UTF-16 code units.
        var result = await api.SendAsync(token, user, new string('中', 683));

        Assert.Equal(45002, result.Code);
        Assert.Equal(WeChatErrorClass.ContentTooLong, result.Class);
        Assert.Empty(api.Server.SentMessages);
    }

    [Fact]
    public async Task SendText_UnknownUser_Returns40003()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();

        var result = await api.SendAsync(token, FakeApiHarness.NewOpenId());

        Assert.Equal(40003, result.Code);
        Assert.Equal(WeChatErrorClass.UserUnreachable, result.Class);
    }

    [Fact]
    public async Task SendText_After48Hours_Returns45015()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var user = api.UserWhoWrote();
        api.Advance(TimeSpan.FromHours(48));
        var token = await api.TokenAsync();

        var result = await api.SendAsync(token, user);

        Assert.Equal(45015, result.Code);
        Assert.Equal(WeChatErrorClass.WindowClosed, result.Class);
    }

    [Fact]
    public async Task SendText_JustInside48Hours_IsAccepted()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var user = api.UserWhoWrote();
        api.Advance(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        var token = await api.TokenAsync();

        var result = await api.SendAsync(token, user);

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public async Task SendText_SixthMessageAfterOneUserMessage_Returns45047()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        for (var i = 1; i <= 5; i++)
        {
            Assert.True((await api.SendAsync(token, user, $"第{i}条")).IsOk);
        }

        var sixth = await api.SendAsync(token, user, "第6条");

        Assert.Equal(45047, sixth.Code);
        Assert.Equal(WeChatErrorClass.QuotaSpent, sixth.Class);
        Assert.Equal(5, api.Server.SentMessages.Count);
    }

    [Fact]
    public async Task SendText_NewUserMessage_ResetsAllowanceToFiveNotFiveMore()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await api.SendAsync(token, user)).IsOk);
        }

        api.Advance(TimeSpan.FromMinutes(10));
        api.Server.RecordUserMessage(FakeApiHarness.AppId, user);
        var accepted = 0;
        WeChatApiError last = default;
        for (var i = 0; i < 8 && (last = await api.SendAsync(token, user)).IsOk; i++)
        {
            accepted++;
        }

        Assert.Equal(5, accepted);
        Assert.Equal(45047, last.Code);
    }

    [Fact]
    public async Task SendText_InteractionOnly_AllowsThreeWithinOneMinute()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = FakeApiHarness.NewOpenId();
        api.Server.RecordInteraction(FakeApiHarness.AppId, user);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await api.SendAsync(token, user)).IsOk);
        }

        var fourth = await api.SendAsync(token, user);

        Assert.Equal(45047, fourth.Code);
    }

    [Fact]
    public async Task SendText_InteractionAfterOneMinute_Returns45015()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = FakeApiHarness.NewOpenId();
        api.Server.RecordInteraction(FakeApiHarness.AppId, user);
        api.Advance(TimeSpan.FromMinutes(1));

        var result = await api.SendAsync(token, user);

        Assert.Equal(45015, result.Code);
    }

    [Fact]
    public async Task SendText_InteractionInsideUserWindow_AddsThreeToTheFive()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.RecordInteraction(FakeApiHarness.AppId, user);
        var accepted = 0;
        for (var i = 0; i < 10 && (await api.SendAsync(token, user)).IsOk; i++)
        {
            accepted++;
        }

        Assert.Equal(8, accepted);
    }

    [Fact]
    public async Task SendText_AccountWithoutPermission_Returns48001()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.SetAccountPermission(FakeApiHarness.AppId, canUseCustomerService: false);

        var result = await api.SendAsync(token, user);

        Assert.Equal(48001, result.Code);
        Assert.Equal(WeChatErrorClass.AccountNotPermitted, result.Class);
    }

    [Fact]
    public async Task SendText_UserOptedOut_Returns48002()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        api.Server.SetUserOptedOut(FakeApiHarness.AppId, user);

        var result = await api.SendAsync(token, user);

        Assert.Equal(48002, result.Code);
        Assert.Equal(WeChatErrorClass.UserOptedOut, result.Class);
    }

    [Fact]
    public async Task SendText_UnknownToken_Returns40001()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var user = api.UserWhoWrote();

        var result = await api.SendAsync("not-a-token/with+chars=", user);

        Assert.Equal(40001, result.Code);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public async Task SendText_QuotaOff_AcceptsAnyOpenId()
    {
        await using var api = await FakeApiHarness.StartAsync(clock => new FakeWeChatApiOptions { TimeProvider = clock, EnforceQuota = false });
        var token = await api.TokenAsync();
        var user = FakeApiHarness.NewOpenId();
        var accepted = 0;
        for (var i = 0; i < 7 && (await api.SendAsync(token, user)).IsOk; i++)
        {
            accepted++;
        }

        Assert.Equal(7, accepted);
    }

    [Fact]
    public async Task WaitForSent_MessageArrivesLater_ReturnsOnceItIsRecorded()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        var seen = new List<FakeSentMessage>();
        api.Server.MessageSent += (_, m) => seen.Add(m);

        var wait = api.Server.WaitForSentAsync(s => s.Any(m => m.Text == "稍后"), TimeSpan.FromSeconds(30), FakeApiHarness.Ct);
        Assert.False(wait.IsCompleted);
        await api.SendAsync(token, user, "稍后");
        await wait;

        Assert.Equal("稍后", Assert.Single(seen).Text);
    }

    [Fact]
    public async Task WaitForSent_ConditionNeverHolds_ThrowsTimeoutNamingWhatWasSent()
    {
        await using var api = await FakeApiHarness.StartAsync();
        var token = await api.TokenAsync();
        var user = api.UserWhoWrote();
        await api.SendAsync(token, user, "唯一的一条");

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            api.Server.WaitForSentAsync(s => s.Count >= 2, TimeSpan.FromMilliseconds(200), FakeApiHarness.Ct));

        Assert.Contains("唯一的一条", timeout.Message, StringComparison.Ordinal);
    }
}
