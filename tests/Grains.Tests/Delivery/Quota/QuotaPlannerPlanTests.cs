using System.Text;
using CustomerService.Grains.Delivery.Quota;
using CustomerService.Tests.Shared;

namespace CustomerService.Grains.Tests.Delivery.Quota;

/// <summary><see cref="QuotaPlanner.Plan"/>: which text goes out in the messages the quota allows, and what waits.</summary>
public sealed class QuotaPlannerPlanTests
{
    private const string Tail = "\n（回复任意内容继续）"; // 31 bytes
    private const string Sentence = "这是旧回答里的一句话。"; // 33 bytes: two fit in 80 bytes, one beside the tail
    private const int MaxBytes = 80;

    [Fact]
    public void Plan_NoSlots_HoldsEverything()
    {
        var segments = new[] { Held("old", "旧的回答还没发完。"), New("new", "新的回答。") };

        var plan = QuotaPlanner.Plan(segments, 0, MaxBytes, Tail);

        Assert.Empty(plan.Messages);
        Assert.Equal([Held("old", "旧的回答还没发完。"), Held("new", "新的回答。")], plan.Held);
    }

    [Fact]
    public void Plan_EverythingFits_SendsEachSegmentWithoutTail()
    {
        var plan = QuotaPlanner.Plan([Held("old", "旧的回答。"), New("new", "新的回答。")], 5, MaxBytes, Tail);

        Assert.Equal([Message("old", "旧的回答。"), Message("new", "新的回答。")], plan.Messages);
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Plan_OneSlotHeldTextAndNewAnswer_SlotGoesToNewAnswer()
    {
        var plan = QuotaPlanner.Plan([Held("old", "旧的回答。"), New("new", "新的回答。")], 1, MaxBytes, Tail);

        Assert.Equal([Message("new", "新的回答。" + Tail, endsWithTail: true)], plan.Messages);
        Assert.Equal([Held("old", "旧的回答。")], plan.Held);
    }

    [Fact]
    public void Plan_LongHeldTextAndNewAnswer_ReservesTheLastSlotForTheNewAnswer()
    {
        // Twelve sentences take six messages whether cut at sentence ends or filled, so every cut is a sentence end.
        var plan = QuotaPlanner.Plan([Held("old", Sentences(12)), New("new", "新的回答。")], 5, MaxBytes, Tail);

        Assert.Equal(
            [
                Message("old", Sentences(2)), Message("old", Sentences(2)), Message("old", Sentences(2)), Message("old", Sentences(2)),
                Message("new", "新的回答。" + Tail, endsWithTail: true),
            ],
            plan.Messages);
        Assert.Equal([Held("old", Sentences(4))], plan.Held);
    }

    [Fact]
    public void Plan_LongHeldTextAndAnAnswerStillToCome_LeavesOneSlotForIt()
    {
        var plan = QuotaPlanner.Plan([Held("old", Sentences(20))], 5, MaxBytes, Tail, answersToCome: 1);

        Assert.Equal(
            [Message("old", Sentences(2)), Message("old", Sentences(2)), Message("old", Sentences(2)), Message("old", Sentence + Tail, endsWithTail: true)],
            plan.Messages);
        Assert.Equal([Held("old", Sentences(13))], plan.Held);
    }

    [Fact]
    public void Plan_NewAnswerPresentAndAnotherToCome_EachKeepsASlotAndHeldTextWaits()
    {
        var plan = QuotaPlanner.Plan([Held("old", Sentences(4)), New("new", "新的回答。")], 2, MaxBytes, Tail, answersToCome: 1);

        Assert.Equal([Message("new", "新的回答。" + Tail, endsWithTail: true)], plan.Messages);
        Assert.Equal([Held("old", Sentences(4))], plan.Held);
    }

    [Fact]
    public void Plan_NoNewAnswer_HeldTextUsesEverySlotAndTailTakesRoomInTheLast()
    {
        var plan = QuotaPlanner.Plan([Held("old", Sentences(20))], 3, MaxBytes, Tail);

        // Two sentences (66 bytes) and the tail (31) exceed 80, so the last message carries one sentence.
        Assert.Equal(
            [Message("old", Sentences(2)), Message("old", Sentences(2)), Message("old", Sentence + Tail, endsWithTail: true)],
            plan.Messages);
        Assert.Equal([Held("old", Sentences(15))], plan.Held);
    }

    [Fact]
    public void Plan_NewAnswerFitsOnlyWithoutTail_HoldsItsEndBehindTheOlderText()
    {
        const string answer = "新的回答第一句。新的回答第二句。好吧。"; // 57 bytes: fits 80, but not beside the 31-byte tail

        var plan = QuotaPlanner.Plan([Held("old", "旧"), New("new", answer)], 1, MaxBytes, Tail);

        Assert.Equal([Message("new", "新的回答第一句。新的回答第二句。" + Tail, endsWithTail: true)], plan.Messages);
        Assert.Equal([Held("old", "旧"), Held("new", "好吧。")], plan.Held);
    }

    [Fact]
    public void Plan_MoreNewAnswersThanSlots_EarlierNewAnswerGetsTheSlot()
    {
        var plan = QuotaPlanner.Plan([New("a", "第一个回答。"), New("b", "第二个回答。")], 1, MaxBytes, Tail);

        Assert.Equal([Message("a", "第一个回答。" + Tail, endsWithTail: true)], plan.Messages);
        Assert.Equal([Held("b", "第二个回答。")], plan.Held);
    }

    [Fact]
    public void Plan_TwoShortSegments_NeverShareAMessage()
    {
        var plan = QuotaPlanner.Plan([Held("a", "好"), New("b", "的")], 5, MaxBytes, Tail);

        Assert.Equal([Message("a", "好"), Message("b", "的")], plan.Messages);
    }

    [Fact]
    public void Plan_EmptySegment_IsDropped()
    {
        var plan = QuotaPlanner.Plan([Held("a", string.Empty), New("b", "好的")], 1, MaxBytes, Tail);

        Assert.Equal([Message("b", "好的")], plan.Messages);
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Plan_TailLeavesNoRoom_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuotaPlanner.Plan([New("a", "好")], 1, 31, Tail));
    }

    [Fact]
    public void Plan_FiveThousandByteAnswerAndFiveSlots_UsesAtMostThreeMessages()
    {
        var answer = LongAnswer();
        Assert.True(Encoding.UTF8.GetByteCount(answer) >= 5000);

        var plan = QuotaPlanner.Plan([New("msg-1", answer)], 5, 2048, Tail);

        Assert.InRange(plan.Messages.Count, 1, 3);
        Assert.All(plan.Messages, m => Assert.InRange(Encoding.UTF8.GetByteCount(m.Text), 1, 2048));
        Assert.All(plan.Messages, m => Assert.False(m.EndsWithTail));
        Assert.Equal(Printable.Escape(answer), Printable.Escape(string.Concat(plan.Messages.Select(m => m.Text))));
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Plan_RandomSegmentsAndSlots_KeepInvariants()
    {
        var random = new Random(48001);
        for (var round = 0; round < 400; round++)
        {
            var segments = Enumerable.Range(0, random.Next(1, 5))
                .Select(i => new PendingSegment { OwnerId = $"o{i}", Text = RandomText(random), IsNewAnswer = random.Next(3) == 0 })
                .ToList();
            var slots = random.Next(0, 7);
            // At least the tail plus the largest cluster (25 bytes): below that a cluster goes out alone, over the limit.
            var maxBytes = random.Next(56, 200);

            var plan = QuotaPlanner.Plan(segments, slots, maxBytes, Tail);

            AssertPlanInvariants(segments, slots, maxBytes, plan);
        }
    }

    private static void AssertPlanInvariants(List<PendingSegment> segments, int slots, int maxBytes, DeliveryPlan plan)
    {
        Assert.True(plan.Messages.Count <= slots);
        Assert.All(plan.Messages, m => Assert.True(
            Encoding.UTF8.GetByteCount(m.Text) <= maxBytes,
            $"{Encoding.UTF8.GetByteCount(m.Text)} bytes over {maxBytes}: {Printable.Escape(m.Text)}"));
        Assert.All(plan.Messages.SkipLast(1), m => Assert.False(m.EndsWithTail));
        if (plan.Messages.Count > 0)
        {
            var last = plan.Messages[^1];
            Assert.Equal(plan.Held.Count > 0, last.EndsWithTail);
            Assert.Equal(last.EndsWithTail, last.Text.EndsWith(Tail, StringComparison.Ordinal));
        }

        // Each owner's messages, tail removed, followed by its held text, give its text back.
        foreach (var segment in segments)
        {
            var sent = string.Concat(plan.Messages
                .Where(m => m.OwnerId == segment.OwnerId)
                .Select(m => m.EndsWithTail ? m.Text[..^Tail.Length] : m.Text));
            var held = plan.Held.SingleOrDefault(h => h.OwnerId == segment.OwnerId)?.Text ?? string.Empty;
            Assert.Equal(Printable.Escape(segment.Text), Printable.Escape(sent + held));
        }

        // Messages and held text keep the input order of their owners.
        var order = segments.Select(s => s.OwnerId).ToList();
        Assert.Equal(plan.Messages.Select(m => order.IndexOf(m.OwnerId)).Order(), plan.Messages.Select(m => order.IndexOf(m.OwnerId)));
        Assert.Equal(plan.Held.Select(h => order.IndexOf(h.OwnerId)).Order(), plan.Held.Select(h => order.IndexOf(h.OwnerId)));
        Assert.All(plan.Held, h => Assert.False(h.IsNewAnswer));

        // Every new answer gets a message when there are slots enough for one each.
        var newAnswers = segments.Where(s => s.IsNewAnswer && s.Text.Length > 0).ToList();
        if (newAnswers.Count <= slots)
        {
            Assert.All(newAnswers, a => Assert.Contains(plan.Messages, m => m.OwnerId == a.OwnerId));
        }
    }

    private static string RandomText(Random random)
    {
        string[] pieces = ["你好。", "订单已经发货，", "请稍候！", "\n\n", "\n", "Thanks. ", "👨‍👩‍👧‍👦", "🇨🇳", "e\u0301", "好", " "];
        var builder = new StringBuilder();
        var count = random.Next(0, 60);
        for (var i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }

    private static string LongAnswer()
    {
        string[] sentences =
        [
            "您好，您的订单已经从仓库发出，预计三天内送达。", "如果需要修改收货地址，请在订单详情页操作👍🏽。",
            "我们支持七天无理由退货，退货运费由我们承担🇨🇳。", "家庭套餐👨‍👩‍👧‍👦包含四个账号，每个账号可以单独登录。",
            "\n\n", "如有其他问题，欢迎随时联系在线客服！",
        ];
        var builder = new StringBuilder();
        for (var i = 0; Encoding.UTF8.GetByteCount(builder.ToString()) < 5000; i++)
        {
            builder.Append(sentences[i % sentences.Length]);
        }

        return builder.ToString();
    }

    private static string Sentences(int count) => string.Concat(Enumerable.Repeat(Sentence, count));

    private static PendingSegment Held(string owner, string text) => new() { OwnerId = owner, Text = text };

    private static PendingSegment New(string owner, string text) => new() { OwnerId = owner, Text = text, IsNewAnswer = true };

    private static PlannedMessage Message(string owner, string text, bool endsWithTail = false) =>
        new() { OwnerId = owner, Text = text, EndsWithTail = endsWithTail };
}
