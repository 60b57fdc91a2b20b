using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.WeChat;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.IngressApi.Tests.Records;

/// <summary>
/// <c>GET /api/conversations</c> and <c>GET /api/conversations/{key}/messages</c> over HTTP, served by the co-hosted
/// silo's records grain from the real SQLite records file. Rows are written into the silo's store directly, dated in
/// the future so that they lead the "most recent first" list whatever else the shared host holds.
/// </summary>
[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class ConversationRecordsEndpointTests(FakeDispatcherFixture host)
{
    private static readonly DateTimeOffset Future = new(2090, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // The body re-serialised compactly with the Chinese text unescaped, to compare it with the documented shape.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/conversations")]
    [InlineData("/api/conversations/wechat%7Cwx1%7Cu1/messages")]
    public async Task Get_NoKey_Returns401(string path)
    {
        using var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/conversations")]
    [InlineData("/api/conversations/wechat%7Cwx1%7Cu1/messages")]
    public async Task Get_WrongKey_Returns401(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "IngressTestAdminKey0002");

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("wechat%7Cwx1")]
    [InlineData("sms%7Cwx1%7Cu1")]
    [InlineData("WeChat%7Cwx1%7Cu1")]
    [InlineData("wechat%7Cwx1%7Cu1%7Cextra")]
    [InlineData("wechat%7C%20%7Cu1")]
    public async Task GetMessages_MalformedConversationKey_Returns400WithTheReason(string key)
    {
        var (status, error) = await GetErrorAsync($"/api/conversations/{key}/messages");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("key is not a conversation key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/conversations?cursor=garbage!")]
    [InlineData("/api/conversations?cursor=")]
    [InlineData("/api/conversations?cursor=bTEKMTcwMDAwMDAwMDAwMDAwMAo1")]
    [InlineData("/api/conversations/wechat%7Cwx1%7Cu1/messages?cursor=YzEKMTcwMDAwMDAwMDAwMDAwMAp3ZWNoYXR8d3gxfHUx")]
    [InlineData("/api/conversations/wechat%7Cwx1%7Cu1/messages?cursor=bTEKMTcwMDAwMDAwMDAwMDAwMAo")]
    public async Task Get_MalformedCursor_Returns400WithTheReason(string path)
    {
        var (status, error) = await GetErrorAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("cursor is not one this list returned", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/conversations?limit=0")]
    [InlineData("/api/conversations?limit=201")]
    [InlineData("/api/conversations?limit=abc")]
    [InlineData("/api/conversations?limit=-1")]
    [InlineData("/api/conversations/wechat%7Cwx1%7Cu1/messages?limit=1.5")]
    public async Task Get_LimitOutOfRange_Returns400WithTheReason(string path)
    {
        var (status, error) = await GetErrorAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("limit must be a whole number from 1 to 200", error);
    }

    [Fact]
    public async Task GetMessages_KeyWithEscapedCharacters_ReturnsItsRowsInTheDocumentedShape()
    {
        var key = new ConversationKey(ChannelKind.WeChat, "wxapitest0000001", $"o|x%y/z {Guid.NewGuid():N}");
        await Store.WriteAsync(
            [
                new ConversationRecordRow
                {
                    Conversation = key, Direction = RecordDirection.Inbound, MessageId = "24602135890123456", Kind = "text",
                    Text = "什么时候发货？", At = Future, UpdatedAt = Future, Revision = 1,
                },
                new ConversationRecordRow
                {
                    Conversation = key, Direction = RecordDirection.Outbound, MessageId = "24602135890123456", Kind = "faq",
                    Text = "付款后 48 小时内发货。", At = Future, UpdatedAt = Future.AddSeconds(1), Revision = 2,
                    DeliveryState = RecordDeliveryState.HeldNoAnswer, DeliveryReason = "the answer was not ready",
                },
            ],
            Ct);

        using var body = await GetJsonAsync($"/api/conversations/{Uri.EscapeDataString(key.ToString())}/messages");

        Assert.Equal(
            $$"""
            {"key":"{{key}}","items":[{"direction":"in","messageId":"24602135890123456","kind":"text","text":"什么时候发货？","at":"2090-01-02T03:04:05+00:00","updatedAt":"2090-01-02T03:04:05+00:00","deliveryState":null,"deliveryReason":null},{"direction":"out","messageId":"24602135890123456","kind":"faq","text":"付款后 48 小时内发货。","at":"2090-01-02T03:04:05+00:00","updatedAt":"2090-01-02T03:04:06+00:00","deliveryState":"held_no_answer","deliveryReason":"the answer was not ready"}],"nextCursor":null}
            """,
            JsonSerializer.Serialize(body.RootElement, Readable));
    }

    [Fact]
    public async Task GetConversations_PagedByCursor_ListsTheMostRecentFirstEachOnce()
    {
        var keys = Enumerable.Range(0, 5)
            .Select(i => new ConversationKey(ChannelKind.WeChat, "wxapipaging00001", $"oPage{i}{Guid.NewGuid():N}"))
            .ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            await Store.WriteAsync(
                [new ConversationRecordRow
                {
                    Conversation = keys[i], Direction = RecordDirection.Inbound, MessageId = "m1", Kind = "text", Text = "你好",
                    At = Future.AddYears(5).AddMinutes(i), UpdatedAt = Future, Revision = 1,
                }],
                Ct);
        }

        var listed = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 3; page++)
        {
            using var body = await GetJsonAsync("/api/conversations?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            listed.AddRange(body.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = body.RootElement.GetProperty("nextCursor").GetString();
        }

        Assert.Equal(
            keys.AsEnumerable().Reverse().Select(k => k.ToString()),
            listed.Take(5).Select(e => e.GetProperty("key").GetString()));
        var newest = listed[0];
        Assert.Equal(
            ("wechat", "wxapipaging00001", keys[^1].User, "2095-01-02T03:08:05+00:00", "2095-01-02T03:08:05+00:00"),
            (newest.GetProperty("channel").GetString(), newest.GetProperty("account").GetString(), newest.GetProperty("user").GetString(),
             newest.GetProperty("firstMessageAt").GetString(), newest.GetProperty("lastMessageAt").GetString()));
    }

    private IConversationRecordStore Store => host.Factory.Services.GetRequiredService<IConversationRecordStore>();

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", TestAccount.AdminApiKey);
        using var response = await host.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private async Task<(HttpStatusCode Status, string? Error)> GetErrorAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", TestAccount.AdminApiKey);
        using var response = await host.Client.SendAsync(request, Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, body.RootElement.GetProperty("error").GetString());
    }
}
