namespace CustomerService.Integration.Tests.Postgres;

/// <summary>A reminder kept in PostgreSQL outlives the silo that registered it.</summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresReminderRecoveryTests : IAsyncLifetime
{
    private readonly PostgresReminderFixture _fixture = new();

    public ValueTask InitializeAsync() => _fixture.InitializeAsync();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    // Nothing calls the grain after the kill: the new silo finds the reminder in the table, and its tick activates the
    // grain there (an activation that has served no call).
    [Fact]
    public async Task Reminder_SiloKilledAndReplaced_TicksOnTheNewSiloWithoutAGrainCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "reminder-" + Guid.NewGuid().ToString("N");
        await _fixture.Silos.Cluster.Client.GetGrain<IReminderProbeGrain>(key).StartReminderAsync("outbox", PostgresReminderFixture.Period);
        var beforeKill = await _fixture.Ticks.WaitForAsync(t => t.GrainKey == key, ct);

        await _fixture.Silos.KillSiloAndStartAnotherAsync(ct);
        var replacement = _fixture.Silos.Cluster.Silos.Single().SiloAddress;
        var afterRestart = await _fixture.Ticks.WaitForAsync(t => t.GrainKey == key && t.Silo.Equals(replacement), ct);

        Assert.NotEqual(beforeKill.Silo, replacement);
        Assert.Equal(("outbox", 0), (afterRestart.ReminderName, afterRestart.CallsBeforeTick));
    }
}
