using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;

namespace CustomerService.Tests.Contracts;

/// <summary>
/// What every records store must do, run against the SQLite store (tests/Grains.Tests) and the PostgreSQL store
/// (tests/Integration.Tests) alike: idempotent upserts by revision, stable and complete cursor paging, bounded
/// retention deletes. Each test gets an empty store.
/// </summary>
public abstract class RecordStoreContract
{
    // Microseconds on purpose: both stores keep them, and cursors must round-trip them exactly.
    protected static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    protected abstract IConversationRecordStore Store { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_SameRowsTwice_KeepsOneRowEachWithItsContent()
    {
        var key = NewKey();
        var rows = new[]
        {
            Inbound(key, "msg:1", Start, revision: 1, text: "怎么退货？😀"),
            Outbound(key, "msg:1", Start, revision: 2, RecordDeliveryState.Delivered, text: "请在订单页申请退货。"),
            Inbound(key, "evt:1700000000:LOCATION:", Start.AddSeconds(1), revision: 3, text: null),
        };

        await Store.WriteAsync(rows, Ct);
        await Store.WriteAsync(rows, Ct);
        var page = await Store.ListMessagesAsync(key, null, 10, Ct);

        Assert.Equal(
            [
                (RecordDirection.Inbound, "msg:1", "text", (string?)"怎么退货？😀", Start, (RecordDeliveryState?)null, (string?)null),
                (RecordDirection.Outbound, "msg:1", "faq", "请在订单页申请退货。", Start, RecordDeliveryState.Delivered, "reason 2"),
                (RecordDirection.Inbound, "evt:1700000000:LOCATION:", "text", null, Start.AddSeconds(1), null, null),
            ],
            page.Items.Select(m => (m.Direction, m.MessageId, m.Kind, m.Text, m.At, m.DeliveryState, m.DeliveryReason)));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task WriteAsync_NewerRevisionOfAReply_UpdatesItsRowAndKeepsItsFirstTime()
    {
        var key = NewKey();
        await Store.WriteAsync([Outbound(key, "msg:1", Start, revision: 1, RecordDeliveryState.HeldNoAnswer, text: null)], Ct);

        await Store.WriteAsync([Outbound(key, "msg:1", Start.AddSeconds(30), revision: 4, RecordDeliveryState.LateDelivered, text: "迟到的回答")], Ct);
        var reply = Assert.Single((await Store.ListMessagesAsync(key, null, 10, Ct)).Items);

        Assert.Equal(
            (Start, Start.AddSeconds(30).AddMinutes(1), RecordDeliveryState.LateDelivered, (string?)"迟到的回答", (string?)"reason 4"),
            (reply.At, reply.UpdatedAt, reply.DeliveryState, reply.Text, reply.DeliveryReason));
    }

    [Fact]
    public async Task WriteAsync_TextsWithNulAndLoneSurrogates_StoredWithReplacementCharacters()
    {
        var key = NewKey();
        var reply = Outbound(key, "msg:\0", Start, revision: 2, RecordDeliveryState.Failed, text: "答\0案\uD800") with { DeliveryReason = "errmsg\0" };

        await Store.WriteAsync([Inbound(key, "msg:\0", Start, revision: 1, text: "a\0b\uDC00c"), reply], Ct);
        var page = await Store.ListMessagesAsync(key, null, 10, Ct);

        Assert.Equal(
            [
                (RecordDirection.Inbound, "msg:\uFFFD", (string?)"a\uFFFDb\uFFFDc", (string?)null),
                (RecordDirection.Outbound, "msg:\uFFFD", "答\uFFFD案\uFFFD", "errmsg\uFFFD"),
            ],
            page.Items.Select(m => (m.Direction, m.MessageId, m.Text, m.DeliveryReason)));
    }

    [Fact]
    public async Task WriteAsync_OlderRevisionAfterANewerOne_ChangesNothing()
    {
        var key = NewKey();
        await Store.WriteAsync([Outbound(key, "msg:1", Start, revision: 5, RecordDeliveryState.Delivered, text: "回答")], Ct);

        await Store.WriteAsync([Outbound(key, "msg:1", Start, revision: 3, RecordDeliveryState.Pending, text: "回答")], Ct);

        Assert.Equal(RecordDeliveryState.Delivered, Assert.Single((await Store.ListMessagesAsync(key, null, 10, Ct)).Items).DeliveryState);
    }

    [Fact]
    public async Task WriteAsync_TwoRevisionsOfOneRowInOneBatch_KeepsTheHigher()
    {
        var key = NewKey();

        await Store.WriteAsync(
            [
                Outbound(key, "msg:1", Start, revision: 7, RecordDeliveryState.Delivered, text: "回答"),
                Outbound(key, "msg:1", Start, revision: 6, RecordDeliveryState.Held, text: "回答"),
            ],
            Ct);

        Assert.Equal(RecordDeliveryState.Delivered, Assert.Single((await Store.ListMessagesAsync(key, null, 10, Ct)).Items).DeliveryState);
    }

    [Fact]
    public async Task ListMessagesAsync_PagedByCursor_EveryRowOnceInTimeOrderAndPagesRepeatable()
    {
        var key = NewKey();
        var other = NewKey();
        // Rows sharing a time are ordered by when the store took them: the second batch's come after the first's.
        var first = Enumerable.Range(0, 6).Select(i => Inbound(key, $"msg:a{i}", Start.AddSeconds(i / 2), revision: i + 1)).ToList();
        var second = Enumerable.Range(0, 5).Select(i => Inbound(key, $"msg:b{i}", Start.AddSeconds(i), revision: i + 10)).ToList();
        await Store.WriteAsync(first, Ct);
        await Store.WriteAsync([Inbound(other, "msg:x", Start, revision: 1)], Ct);
        await Store.WriteAsync(second, Ct);
        var expected = first.Select((r, i) => (r.At, Batch: 0, i, r.MessageId))
            .Concat(second.Select((r, i) => (r.At, Batch: 1, i, r.MessageId)))
            .OrderBy(r => r.At).ThenBy(r => r.Batch).ThenBy(r => r.i)
            .Select(r => r.MessageId)
            .ToList();

        var pages = new List<RecordedMessagePage>();
        MessagesCursor? cursor = null;
        do
        {
            var page = await Store.ListMessagesAsync(key, cursor, 4, Ct);
            pages.Add(page);
            cursor = page.Next;
        }
        while (cursor is not null);
        var again = await Store.ListMessagesAsync(key, MessagesCursor.TryParse(pages[0].Next!.ToString(), out var parsed) ? parsed : null, 4, Ct);

        Assert.Equal([4, 4, 3], pages.Select(p => p.Items.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(m => m.MessageId));
        Assert.Equal(pages[1].Items, again.Items);
    }

    [Fact]
    public async Task ListConversationsAsync_PagedByCursor_MostRecentFirstEveryConversationOnce()
    {
        var keys = Enumerable.Range(0, 7).Select(_ => NewKey()).ToList();
        // Pairs share their newest time, so that the key breaks the tie at a page boundary.
        var lastAt = new[] { 0, 1, 1, 2, 3, 3, 4 }.Select(m => Start.AddMinutes(m)).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            await Store.WriteAsync(
                [Inbound(keys[i], "msg:first", Start.AddMinutes(-1), revision: 1), Inbound(keys[i], "msg:last", lastAt[i], revision: 2)],
                Ct);
        }

        var pages = new List<RecordedConversationPage>();
        ConversationsCursor? cursor = null;
        do
        {
            var page = await Store.ListConversationsAsync(cursor, 3, Ct);
            pages.Add(page);
            cursor = page.Next;
        }
        while (cursor is not null);
        var listed = pages.SelectMany(p => p.Items).ToList();

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(keys.Count, listed.Select(c => c.Key).Distinct().Count());
        Assert.Equal(lastAt.OrderDescending(), listed.Select(c => c.LastMessageAt));
        Assert.All(listed, c => Assert.Equal((Start.AddMinutes(-1), lastAt[keys.IndexOf(c.Key)]), (c.FirstMessageAt, c.LastMessageAt)));
    }

    [Fact]
    public async Task DeleteMessagesBeforeAsync_MoreOldRowsThanABatch_DeletesOneBatchPerCallAndNoRecentRow()
    {
        var key = NewKey();
        var old = Enumerable.Range(0, 25).Select(i => Inbound(key, $"msg:old{i}", Start.AddDays(-200).AddMinutes(i), revision: i + 1));
        var recent = Enumerable.Range(0, 3).Select(i => Inbound(key, $"msg:new{i}", Start.AddMinutes(i), revision: i + 100));
        await Store.WriteAsync([.. old, .. recent], Ct);
        var cutoff = Start.AddDays(-180);

        var deleted = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            deleted.Add(await Store.DeleteMessagesBeforeAsync(cutoff, 10, Ct));
        }

        Assert.Equal([10, 10, 5, 0], deleted);
        Assert.Equal(["msg:new0", "msg:new1", "msg:new2"], (await Store.ListMessagesAsync(key, null, 50, Ct)).Items.Select(m => m.MessageId));
    }

    [Fact]
    public async Task DeleteConversationsBeforeAsync_ConversationIdleLongerThanTheCutoff_GoesAndRecentOnesStay()
    {
        var idle = NewKey();
        var active = NewKey();
        await Store.WriteAsync([Inbound(idle, "msg:1", Start.AddDays(-200), revision: 1)], Ct);
        await Store.WriteAsync([Inbound(active, "msg:1", Start.AddDays(-200), revision: 1), Inbound(active, "msg:2", Start, revision: 2)], Ct);

        var deleted = await Store.DeleteConversationsBeforeAsync(Start.AddDays(-180), 10, Ct);

        Assert.Equal(1, deleted);
        Assert.Equal([active], (await Store.ListConversationsAsync(null, 10, Ct)).Items.Select(c => c.Key));
    }

    protected static ConversationKey NewKey() => new(ChannelKind.WeChat, "wxrecords0000001", $"oRec|{Guid.NewGuid():N}%");

    protected static ConversationRecordRow Inbound(ConversationKey key, string messageId, DateTimeOffset at, long revision, string? text = "你好") => new()
    {
        Conversation = key,
        Direction = RecordDirection.Inbound,
        MessageId = messageId,
        Kind = "text",
        Text = text,
        At = at,
        UpdatedAt = at,
        Revision = revision,
    };

    protected static ConversationRecordRow Outbound(
        ConversationKey key, string messageId, DateTimeOffset at, long revision, RecordDeliveryState state, string? text) => new()
    {
        Conversation = key,
        Direction = RecordDirection.Outbound,
        MessageId = messageId,
        Kind = "faq",
        Text = text,
        At = at,
        UpdatedAt = at.AddMinutes(1),
        DeliveryState = state,
        DeliveryReason = $"reason {revision}",
        Revision = revision,
    };
}
