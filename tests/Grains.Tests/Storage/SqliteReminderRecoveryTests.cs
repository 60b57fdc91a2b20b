using CustomerService.Grains.Tests.Conversations;

namespace CustomerService.Grains.Tests.Storage;

/// <summary>A reminder kept in the SQLite file outlives the silo that registered it.</summary>
[Collection(SiloRecoveryCollectionDefinition.Name)]
public sealed class SqliteReminderRecoveryTests : IAsyncLifetime
{
    private readonly ReminderTickCollector _ticks = new();
    private readonly SqliteConversationCluster _cluster;

    public SqliteReminderRecoveryTests()
    {
        var ticks = _ticks;
        _cluster = new SqliteConversationCluster { ConfigureSilo = silo => SqliteReminderClusterFixture.Configure(silo, ticks) };
    }

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    // Nothing calls the grain after the kill: the new silo finds the reminder in the file, and its tick activates the
    // grain there (an activation that has served no call).
    [Fact]
    public async Task Reminder_SiloKilledAndReplaced_TicksOnTheNewSiloWithoutAGrainCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "reminder-" + Guid.NewGuid().ToString("N");
        await _cluster.Cluster.Client.GetGrain<IReminderTestGrain>(key).StartReminderAsync("outbox", SqliteReminderClusterFixture.Period);
        var beforeKill = await _ticks.WaitForAsync(t => t.GrainKey == key, ct);

        await _cluster.KillSiloAndStartAnotherAsync(null, ct);
        var replacement = _cluster.Cluster.Silos.Single().SiloAddress;
        var afterRestart = await _ticks.WaitForAsync(t => t.GrainKey == key && t.Silo.Equals(replacement), ct);

        Assert.NotEqual(beforeKill.Silo, replacement);
        Assert.Equal(("outbox", 0), (afterRestart.ReminderName, afterRestart.CallsBeforeTick));
    }
}
