using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Integration.Tests.Hosting;

namespace CustomerService.Integration.Tests.Records;

/// <summary>
/// The records database becomes unreachable (its port closed): messages are still acknowledged, their rows wait in
/// the conversation's state in PostgreSQL, and they land once the database is back, also when the silo that held them
/// was killed meanwhile.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresRecordsOutageTests : IAsyncLifetime
{
    private readonly PostgresRecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Records_RecordsDatabaseUnreachable_AckedAndKeptInStateThenWrittenOnceItIsBack()
    {
        var key = ConversationCluster.NewKey();
        var question = SampleFaq.Questions(1)[0];
        var push = Pushes.Text(question, "msg:outage-1");
        await _cluster.Relay.StopAsync();

        var outcome = await _cluster.Silos.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForFailureAsync();
        var storedDuringOutage = await _cluster.StoredPendingRecordsAsync(key);
        _cluster.Relay.Start();
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf(question)), outcome.Reply);
        Assert.Equal([("in", push.DedupId), ("out", push.DedupId)], storedDuringOutage);
        Assert.Equal(
            [
                (RecordDirection.Inbound, push.DedupId, (string?)question, (RecordDeliveryState?)null),
                (RecordDirection.Outbound, push.DedupId, SampleFaq.AnswerOf(question), RecordDeliveryState.Delivered),
            ],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId, m.Text, m.DeliveryState)));
    }

    [Fact]
    public async Task Records_SiloKilledWhileTheRecordsDatabaseIsUnreachable_NewSiloWritesThemWithoutAMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = ConversationCluster.NewKey();
        var push = Pushes.Text(SampleFaq.Questions(2)[1], "msg:outage-2");
        var dying = _cluster.Silos.Cluster.Silos.Single().SiloAddress.ToString();
        await _cluster.Relay.StopAsync();
        await _cluster.Silos.Conversation(key).RecordInboundAsync(push);
        await _cluster.Store.WaitForFailureAsync();

        await _cluster.Silos.KillSiloAndStartAnotherAsync(ct);
        _cluster.Relay.Start();
        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);
        var replacement = _cluster.Silos.Cluster.Silos.Single().SiloAddress.ToString();

        Assert.NotEqual(dying, replacement);
        Assert.Equal([replacement], _cluster.Store.Written.Where(w => w.Row.Conversation == key).Select(w => w.Silo).Distinct());
        Assert.Equal(
            [(RecordDirection.Inbound, push.DedupId), (RecordDirection.Outbound, push.DedupId)],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId)));
    }
}
