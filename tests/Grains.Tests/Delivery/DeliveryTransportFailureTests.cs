using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Conversations;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// The transport rows of the error table over the fake platform: a connection lost after the send is in doubt and
/// never sent again; a request that never reached WeChat is retried, a bounded number of times, then failed with its
/// reason; and a send that hangs never holds up the user's next acknowledgement.
/// </summary>
[Collection(PushDeliveryCollection.Name)]
public sealed class DeliveryTransportFailureTests(PushDeliveryFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outbox_ConnectionLostAfterWeChatTookTheMessage_InDoubtCountedAndNeverSentAgain()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        var stats = fixture.Cluster.Client.GetGrain<IDeliveryStatsGrain>(AccountKey.Of(key).ToString());
        var before = await stats.GetCountsAsync();
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Drop(FakeWeChatEndpoint.Send, afterHandling: true, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        var inDoubt = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.Delivery == DeliveryState.InDoubt, "in doubt");
        var counts = await DeliveryCountsWaits.WaitForCountsAsync(stats, c => c.InDoubt == before.InDoubt + 1);
        // A later message's answer goes out after it: had the outbox resent the part in doubt, it would come first.
        await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货"));
        await fixture.WaitForSentAsync(key, 2);

        Assert.Contains("no answer", inDoubt.DeliveryReason, StringComparison.Ordinal);
        // The account is shared with the collection's other tests, whose replies may still report: at least this one.
        Assert.True(counts.Generated >= before.Generated + 1, $"generated went from {before.Generated} to {counts.Generated}");
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算"), SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
    }

    // WeChat busy (-1): the request was refused before anything was sent, so the transport tries it three times
    // (at once, after 0.5 s, after 1 s), each outbox tick tries again, and after Conversations:Outbox:MaxSendAttempts
    // ticks the reply fails with the reason. (HTTP 5xx is left out on purpose: that many of them open the account's
    // circuit breaker, an account outage that holds replies instead, and the fixture's other tests share it.)
    [Fact]
    public async Task Outbox_WeChatBusyOnEveryAttempt_FailsWithTheReasonAfterTheLastAttempt()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        var maxAttempts = new OutboxOptions().MaxSendAttempts;
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Error(FakeWeChatEndpoint.Send, -1, count: 3 * maxAttempts, openId: key.User));

        await fixture.UserWritesAsync(grain, key, Pushes.Text("门店地址在哪"));
        var failed = await PushDeliveryFixture.WaitForMessageAsync(grain, m => m.Delivery is DeliveryState.Failed or DeliveryState.Delivered, "failed");

        Assert.Equal(DeliveryState.Failed, failed.Delivery);
        Assert.StartsWith($"not sent after {maxAttempts} attempts", failed.DeliveryReason, StringComparison.Ordinal);
        Assert.Contains("-1", failed.DeliveryReason, StringComparison.Ordinal);
        Assert.Empty(fixture.SentTo(key));
    }

    // The only Stall in this collection: the fixture's fake releases every later stall once released.
    [Fact]
    public async Task RecordInbound_WhileTheOutboxSendIsHanging_AcknowledgesAtOnceAndBothAnswersGoOutInOrder()
    {
        var (grain, key) = fixture.NewConversation(PushDeliveryFixture.PushAccount);
        fixture.WeChat.EnqueueFault(FakeWeChatFault.Stall(FakeWeChatEndpoint.Send, openId: key.User));
        await fixture.UserWritesAsync(grain, key, Pushes.Text("运费怎么算"));
        await fixture.WeChat.Stalled.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // A hang guard, not a speed target: a send inside a grain turn would hold this call until the send ends.
        var second = await fixture.UserWritesAsync(grain, key, Pushes.Text("什么时候发货")).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var sentWhileHanging = fixture.SentTo(key);
        fixture.WeChat.ReleaseStalled();
        await fixture.WaitForSentAsync(key, 2);

        Assert.Equal(PassiveReplyKind.Acknowledge, second.Reply?.Kind);
        Assert.Empty(sentWhileHanging);
        Assert.Equal([SampleFaq.AnswerOf("运费怎么算"), SampleFaq.AnswerOf("什么时候发货")], fixture.SentTo(key));
    }
}
