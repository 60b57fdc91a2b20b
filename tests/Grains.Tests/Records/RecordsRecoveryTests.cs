using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Tests.Conversations;

namespace CustomerService.Grains.Tests.Records;

/// <summary>
/// A silo that dies before the writer confirmed a conversation's rows loses none: they are in the conversation's
/// stored state, and its records reminder brings it back on the new silo, which hands them over again, with no
/// message from the user.
/// </summary>
[Collection(SiloRecoveryCollectionDefinition.Name)]
public sealed class RecordsRecoveryTests : IAsyncLifetime
{
    private readonly RecordsCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Records_SiloKilledBeforeTheWriterConfirmed_NewSiloWritesThemWithoutAMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text("什么时候发货");
        var dyingSilo = _cluster.Conversations.Cluster.Silos.Single().SiloAddress.ToString();
        using (_cluster.LockRecordsFile())
        {
            await _cluster.Conversations.Conversation(key).RecordInboundAsync(push);
            await _cluster.Store.WaitForFailureAsync();
            await _cluster.Conversations.KillSiloAndStartAnotherAsync(null, ct);
        }

        await _cluster.Store.WaitForReplyAsync(key, push.DedupId, RecordDeliveryState.Delivered);
        var newSilo = _cluster.Conversations.Cluster.Silos.Single().SiloAddress.ToString();

        Assert.NotEqual(dyingSilo, newSilo);
        Assert.Equal([newSilo], _cluster.Store.Written.Where(w => w.Row.Conversation == key).Select(w => w.Silo).Distinct());
        Assert.Equal(
            [(RecordDirection.Inbound, push.DedupId), (RecordDirection.Outbound, push.DedupId)],
            (await _cluster.MessagesAsync(key)).Select(m => (m.Direction, m.MessageId)));
    }
}
