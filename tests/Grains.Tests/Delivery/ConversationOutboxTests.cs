using System.Diagnostics.Metrics;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.Quota;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>What one send outcome does to the conversation's ledger and quota (no cluster, no I/O).</summary>
public sealed class ConversationOutboxTests : IDisposable
{
    private static readonly DateTimeOffset SendStarted = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ConversationState _state = new();
    private readonly QuotaPlanner _planner = new(QuotaPolicy.WeChatOfficialAccount);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConversationOutbox _outbox;

    public ConversationOutboxTests() =>
        _outbox = new ConversationOutbox(() => _state, new ConversationOptions(), _planner, new ConversationMetrics(_services.GetRequiredService<IMeterFactory>()));

    public void Dispose() => _services.Dispose();

    // The platform's refusal is about the grant the send was made under; a user message that arrived while the call
    // was in flight opened a newer one, which the refusal cannot have seen.
    [Theory]
    [InlineData(SendOutcomeKind.QuotaSpent, 45047)]
    [InlineData(SendOutcomeKind.WindowClosed, 45015)]
    public void Apply_RefusalOfASendThatStartedBeforeTheUsersNewMessage_KeepsTheNewGrant(SendOutcomeKind kind, int code)
    {
        _planner.OnUserMessage(_state.Quota, SendStarted.AddHours(-1));
        var record = InFlightReply();
        var userWroteAt = SendStarted.AddSeconds(1);
        _planner.OnUserMessage(_state.Quota, userWroteAt);

        _outbox.Apply(record, new SendOutcome { Kind = kind, ErrorCode = code }, SendStarted.AddSeconds(2));

        Assert.Equal(5, _planner.Remaining(_state.Quota, SendStarted.AddSeconds(2)));
        Assert.Equal(DeliveryState.Held, record.Delivery);
    }

    // cs.delivery.failures counts replies that failed for good, labelled by the platform's code (none without one);
    // a hold is no failure.
    [Theory]
    [InlineData(SendOutcomeKind.UserUnreachable, 48002, "48002")]
    [InlineData(SendOutcomeKind.Failed, 40003, "40003")]
    [InlineData(SendOutcomeKind.Failed, null, "none")]
    public void Apply_FinalRefusal_FailsTheReplyAndCountsItByCode(SendOutcomeKind kind, int? code, string label)
    {
        using var failures = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _services.GetRequiredService<IMeterFactory>(), ConversationMetrics.MeterName, "cs.delivery.failures");
        var record = InFlightReply();

        _outbox.Apply(record, new SendOutcome { Kind = kind, ErrorCode = code, Reason = "refused" }, SendStarted.AddSeconds(1));

        Assert.Equal(DeliveryState.Failed, record.Delivery);
        var failure = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal((1L, (object?)label), (failure.Value, failure.Tags["code"]));
    }

    [Fact]
    public void Apply_WindowClosed_HoldsWithoutCountingAFailure()
    {
        using var failures = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _services.GetRequiredService<IMeterFactory>(), ConversationMetrics.MeterName, "cs.delivery.failures");
        var record = InFlightReply();

        _outbox.Apply(record, new SendOutcome { Kind = SendOutcomeKind.WindowClosed, ErrorCode = 45015 }, SendStarted.AddSeconds(1));

        Assert.Equal(DeliveryState.Held, record.Delivery);
        Assert.Empty(failures.GetMeasurementSnapshot());
    }

    // Message 2's FAQ answer is ready at once; message 1's answer is still being generated: nothing goes before it.
    [Fact]
    public void Next_LaterAnswerReadyWhileAnEarlierOneIsGenerated_SendsNothingYet()
    {
        _planner.OnUserMessage(_state.Quota, SendStarted);
        _state.Messages.Add(Generating("msg:1"));
        _state.Messages.Add(Answered("msg:2", "现货48小时内发货。"));

        var chunk = _outbox.Next(2048, SendStarted, out var record);

        Assert.Null(chunk);
        Assert.Null(record);
        Assert.Equal(DeliveryState.Pending, _state.Messages[1].Delivery);
    }

    // A held rest of 8 parts and a fresh grant of 5: while the new message's answer is generated, the rest may use 4,
    // the fifth is kept for that answer.
    [Fact]
    public void Next_HeldRestWhileTheNewAnswerIsGenerated_KeepsOneMessageForIt()
    {
        var held = Answered("msg:1", string.Concat(Enumerable.Repeat("江南园林，移步换景。", 700)));
        ConversationLedger.Hold(held, "quota", SendStarted);
        _state.Messages.Add(held);
        _state.Messages.Add(Generating("msg:2"));
        _planner.OnUserMessage(_state.Quota, SendStarted);

        var sent = 0;
        while (_outbox.Next(2048, SendStarted, out var record) is { } chunk)
        {
            record!.InFlight = chunk;
            _outbox.Apply(record, SendOutcome.Sent, SendStarted);
            sent++;
        }

        Assert.Equal(4, sent);
        Assert.Equal(1, _planner.Remaining(_state.Quota, SendStarted));
    }

    private static MessageRecord Generating(string dedupId) => new()
    {
        DedupId = dedupId,
        Kind = InboundKind.Text,
        Text = "请介绍一下",
        Status = MessageStatus.Received,
        FirstReceivedAt = SendStarted,
        Path = DeliveryPath.Push,
    };

    private static MessageRecord Answered(string dedupId, string answer) => new()
    {
        DedupId = dedupId,
        Kind = InboundKind.Text,
        Status = MessageStatus.Answered,
        FirstReceivedAt = SendStarted,
        Answer = answer,
        Delivery = DeliveryState.Pending,
        Path = DeliveryPath.Push,
    };

    // The user unsubscribed while part 1 of 2 was on the wire: the part ends as it ended, and whatever the platform
    // said, nothing after it is sent, held for a later message, or retried.
    [Theory]
    [InlineData(SendOutcomeKind.Sent)]
    [InlineData(SendOutcomeKind.NotSent)]
    [InlineData(SendOutcomeKind.Unavailable)]
    [InlineData(SendOutcomeKind.WindowClosed)]
    [InlineData(SendOutcomeKind.QuotaSpent)]
    public void Apply_UserUnsubscribedWhileAPartWasSent_NothingAfterItGoes(SendOutcomeKind kind)
    {
        _planner.OnUserMessage(_state.Quota, SendStarted.AddHours(-1));
        var record = TwoPartReplyWithTheFirstInFlight();
        ConversationLedger.Expire(record, "unsubscribed");

        _outbox.Apply(record, new SendOutcome { Kind = kind, Reason = "outcome" }, SendStarted.AddSeconds(1));
        var next = _outbox.Next(2048, SendStarted.AddSeconds(2), out _);

        Assert.Equal((DeliveryState.Expired, (OutboundChunk?)null), (record.Delivery, record.InFlight));
        Assert.StartsWith("unsubscribed", record.DeliveryReason, StringComparison.Ordinal);
        Assert.Null(next);
    }

    // The last part was on the wire when the user unsubscribed, and it arrived. The unsubscribe already reported the
    // reply to the account's counts as expired, a final state they never change again: it stays expired (the reason
    // says the part went out), so that the ledger, the records and the counts agree.
    [Theory]
    [InlineData(SendOutcomeKind.Sent)]
    [InlineData(SendOutcomeKind.InDoubt)]
    public void Apply_UserUnsubscribedWhileTheLastPartWasSent_StaysExpiredAndSaysThePartWentOut(SendOutcomeKind kind)
    {
        _planner.OnUserMessage(_state.Quota, SendStarted.AddHours(-1));
        var record = InFlightReply();
        ConversationLedger.Expire(record, "unsubscribed");

        _outbox.Apply(record, new SendOutcome { Kind = kind, Reason = "outcome" }, SendStarted.AddSeconds(1));

        Assert.Equal((DeliveryState.Expired, (OutboundChunk?)null, record.Answer!.Length), (record.Delivery, record.InFlight, record.LateSentLength));
        Assert.Equal("unsubscribed; the part being sent when the user left went out", record.DeliveryReason);
    }

    // A crash left part 1 "sending", and the user unsubscribed before the outbox came back: it is not sent again.
    [Fact]
    public void Next_PartLeftSendingOfAReplyDroppedOnUnsubscribe_IsNotSentAgain()
    {
        _planner.OnUserMessage(_state.Quota, SendStarted.AddHours(-1));
        var record = TwoPartReplyWithTheFirstInFlight();
        ConversationLedger.Expire(record, "unsubscribed");

        var next = _outbox.Next(2048, SendStarted.AddSeconds(1), out _);

        Assert.Null(next);
        Assert.Equal((DeliveryState.Expired, (OutboundChunk?)null, false), (record.Delivery, record.InFlight, record.PossiblyDuplicated));
    }

    private MessageRecord TwoPartReplyWithTheFirstInFlight()
    {
        var record = InFlightReply();
        record.Answer = "第一段。第二段。";
        record.InFlight = new OutboundChunk { Text = "第一段。", End = 4, StartedAt = SendStarted };
        return record;
    }

    private MessageRecord InFlightReply()
    {
        var record = new MessageRecord
        {
            DedupId = "msg:1",
            Kind = InboundKind.Text,
            Status = MessageStatus.Answered,
            FirstReceivedAt = SendStarted.AddHours(-1),
            Answer = "您好。",
            Delivery = DeliveryState.Pending,
            Path = DeliveryPath.Push,
            InFlight = new OutboundChunk { Text = "您好。", End = 3, StartedAt = SendStarted },
        };
        _state.Messages.Add(record);
        return record;
    }
}
