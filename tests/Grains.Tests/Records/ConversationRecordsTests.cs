using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Tests.Conversations;

namespace CustomerService.Grains.Tests.Records;

/// <summary>
/// Every push and every reply lands in the records store with its delivery state: the rows come from the
/// conversation's own ledger through the silo's writer into a real SQLite records file.
/// </summary>
public sealed class ConversationRecordsTests : IAsyncLifetime
{
    private const string FaqQuestion = "什么时候发货";
    private static readonly ReplyTextOptions Replies = new();

    private readonly RecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Records_FaqAnsweredAtOnce_InboundRowAndDeliveredReplyRow()
    {
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);

        await _cluster.Conversations.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(
            [
                (RecordDirection.Inbound, push.DedupId, "text", FaqQuestion, (RecordDeliveryState?)null, (string?)null),
                (RecordDirection.Outbound, push.DedupId, "faq", SampleFaq.AnswerOf(FaqQuestion), RecordDeliveryState.Delivered, null),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId, m.Kind, m.Text, m.DeliveryState, m.DeliveryReason)));
    }

    [Fact]
    public async Task Records_PlatformMessageId_IsTheIdOfBothRows()
    {
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion) with { PlatformMessageId = "24602135890123456" };

        await _cluster.Conversations.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, "24602135890123456", RecordDeliveryState.Delivered);

        Assert.Equal(
            [(RecordDirection.Inbound, "24602135890123456"), (RecordDirection.Outbound, "24602135890123456")],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId)));
    }

    [Fact]
    public async Task Records_WeChatRetriesThePush_NoDuplicateRow()
    {
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);
        var grain = _cluster.Conversations.Conversation(key);
        await grain.RecordInboundAsync(push);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);

        // The retry finds the stored reply; a second, different push proves the writer ran after the retry's write.
        await grain.RecordInboundAsync(push);
        await grain.ClaimPassiveReplyAsync(push.DedupId);
        var later = Pushes.Text("运费怎么算");
        await grain.RecordInboundAsync(later);
        await _cluster.Store.WaitForReplyAsync(key, later.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(
            [
                (RecordDirection.Inbound, push.DedupId),
                (RecordDirection.Outbound, push.DedupId),
                (RecordDirection.Inbound, later.DedupId),
                (RecordDirection.Outbound, later.DedupId),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId)));
    }

    // WeChat's passive timeline with a slow model: one reply row moves from "held with no answer" (twice) through
    // "still working" and "held" (the late answer) to "late answer placed first", updated in place.
    [Fact]
    public async Task Records_SlowModelOnThePassiveTimeline_OneReplyRowFollowsEveryState()
    {
        var key = SqliteConversationCluster.NewKey();
        var grain = _cluster.Conversations.Conversation(key);
        const string question = "帮我写一首关于秋天落叶的小诗";
        const string answer = "这是迟到的回答";
        var held = _cluster.Conversations.Chat.Hold(question);
        var push = Pushes.Text(question);
        await grain.RecordInboundAsync(push);
        await held.Called;

        await grain.ClaimPassiveReplyAsync(push.DedupId);
        await _cluster.Store.WaitForRowAsync(key, r => r.DeliveryReason?.Contains("1 delivery attempt", StringComparison.Ordinal) == true);
        await grain.RecordInboundAsync(push);
        await grain.ClaimPassiveReplyAsync(push.DedupId);
        await _cluster.Store.WaitForRowAsync(key, r => r.DeliveryReason?.Contains("2 delivery attempt", StringComparison.Ordinal) == true);
        await grain.RecordInboundAsync(push);
        var third = await grain.ClaimPassiveReplyAsync(push.DedupId);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.StillWorking);
        held.Release(answer);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Held);
        var next = Pushes.Text(FaqQuestion);
        await grain.RecordInboundAsync(next);
        await _cluster.Store.WaitForReplyAsync(key, next.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(Replies.StillWorking, third.Text);
        Assert.Equal(
            [
                (RecordDeliveryState.HeldNoAnswer, (string?)null),
                (RecordDeliveryState.HeldNoAnswer, null),
                (RecordDeliveryState.StillWorking, Replies.StillWorking),
                (RecordDeliveryState.Held, answer),
                (RecordDeliveryState.LateDelivered, answer),
            ],
            _cluster.Store.WrittenFor(key)
                .Where(r => r is { Direction: RecordDirection.Outbound } && r.MessageId == push.DedupId)
                .Select(r => (r.DeliveryState!.Value, r.Text)));
        Assert.Equal(
            [
                (RecordDirection.Inbound, push.DedupId, question, (RecordDeliveryState?)null),
                (RecordDirection.Outbound, push.DedupId, answer, RecordDeliveryState.LateDelivered),
                (RecordDirection.Inbound, next.DedupId, FaqQuestion, null),
                (RecordDirection.Outbound, next.DedupId, SampleFaq.AnswerOf(FaqQuestion), RecordDeliveryState.Delivered),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId, m.Text, m.DeliveryState)));
    }

    [Fact]
    public async Task Records_ReplyStateChanges_UpdateTheRowAndKeepItsFirstTime()
    {
        var key = SqliteConversationCluster.NewKey();
        var grain = _cluster.Conversations.Conversation(key);
        const string question = "请介绍一下敦煌莫高窟";
        var held = _cluster.Conversations.Chat.Hold(question);
        var push = Pushes.Text(question);
        await grain.RecordInboundAsync(push);
        await held.Called;
        await grain.ClaimPassiveReplyAsync(push.DedupId);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.HeldNoAnswer);
        var heldRow = (await _cluster.MessagesAsync(key))[1];

        _cluster.Conversations.Time.Advance(TimeSpan.FromSeconds(3));
        held.Release("莫高窟位于甘肃敦煌。");
        await grain.WaitForAnswerAsync(push.DedupId, _cluster.Conversations.Time.GetUtcNow() + TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        await grain.ClaimPassiveReplyAsync(push.DedupId);
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);
        var rows = await _cluster.MessagesAsync(key);

        Assert.Equal(2, rows.Count);
        Assert.Equal(
            (RecordDirection.Outbound, "莫高窟位于甘肃敦煌。", RecordDeliveryState.Delivered, heldRow.At),
            (rows[1].Direction, rows[1].Text, rows[1].DeliveryState, rows[1].At));
        Assert.Equal(heldRow.UpdatedAt + TimeSpan.FromSeconds(3), rows[1].UpdatedAt);
    }

    [Fact]
    public async Task Records_Event_RecordedWithItsKindAndNoReplyRowWhenNoneIsDue()
    {
        var key = SqliteConversationCluster.NewKey();
        var location = Pushes.Of(InboundKind.LocationReport, dedupId: "evt:1700000000:LOCATION:");
        var later = Pushes.Text(FaqQuestion);
        var grain = _cluster.Conversations.Conversation(key);

        await grain.RecordInboundAsync(location);
        await grain.RecordInboundAsync(later);
        await _cluster.Store.WaitForReplyAsync(key, later.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(
            [
                (RecordDirection.Inbound, location.DedupId, "location_report"),
                (RecordDirection.Inbound, later.DedupId, "text"),
                (RecordDirection.Outbound, later.DedupId, "faq"),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId, m.Kind)));
    }

    [Fact]
    public async Task Records_DatabaseLocked_RowsStayInStoredStateAndLandOnceItIsFree()
    {
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);
        var grain = _cluster.Conversations.Conversation(key);
        RecordOutcome outcome;
        IReadOnlyList<(string, string)> storedDuringOutage;
        using (var locked = _cluster.LockRecordsFile())
        {
            outcome = await grain.RecordInboundAsync(push);
            await _cluster.Store.WaitForFailureAsync();
            storedDuringOutage = _cluster.StoredPendingRecords(key);
        }

        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);
        var rows = await _cluster.MessagesAsync(key);
        await _cluster.DeactivateAsync(key);

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf(FaqQuestion)), outcome.Reply);
        Assert.Equal([("in", push.DedupId), ("out", push.DedupId)], storedDuringOutage);
        Assert.Equal([RecordDirection.Inbound, RecordDirection.Outbound], rows.Select(r => r.Direction));
        Assert.Empty(_cluster.StoredPendingRecords(key));
    }
}
