using Npgsql;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// Orleans' ADO.NET reminder provider on the statements of <c>0002_orleans_reminders.sql</c>: through a grain where the
/// behaviour is the grain's, through the silo's <see cref="IReminderTable"/> where it is the table's.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresReminderTests(PostgresReminderFixture fixture) : IClassFixture<PostgresReminderFixture>
{
    // Reminders written straight to the table start here, far outside the reminder service's loading window, so that
    // the silo never tries to deliver them to a grain type that does not exist.
    private static readonly DateTime FarFuture = new(2099, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReminderTable Table => fixture.Table;

    [Fact]
    public async Task RegisterOrUpdateReminder_PeriodElapses_GrainReceivesTick()
    {
        var key = NewKey();

        await fixture.Silos.Cluster.Client.GetGrain<IReminderProbeGrain>(key).StartReminderAsync("tick", PostgresReminderFixture.Period);
        var tick = await fixture.Ticks.WaitForAsync(t => t.GrainKey == key, Ct);

        Assert.Equal(("tick", fixture.Silos.Cluster.Silos.Single().SiloAddress), (tick.ReminderName, tick.Silo));
        Assert.Equal(1L, await fixture.CountRowsAsync(fixture.Silos.Cluster.Client.GetGrain<IReminderProbeGrain>(key).GetGrainId()));
    }

    // timestamptz keeps microseconds: DateTime's last digit (100 ns) is dropped, the instant and its UTC kind are kept
    // (on a `timestamp` column Npgsql 6+ refuses the UTC value outright, dotnet/orleans#7424).
    [Fact]
    public async Task UpsertRow_UtcStartTime_ReadsBackTheSameInstantAsUtc()
    {
        var startAt = FarFuture.AddTicks(1_234_560);
        var entry = NewEntry(NewTableGrainId(), startAt);
        await Table.UpsertRow(entry, Ct);

        var read = await Table.ReadRow(entry.GrainId, entry.ReminderName, Ct);

        Assert.NotNull(read);
        Assert.Equal((startAt.Ticks, DateTimeKind.Utc, entry.Period), (read.StartAt.Ticks, read.StartAt.Kind, read.Period));
    }

    [Fact]
    public async Task UpsertRow_StartTimeColumn_IsTimestampWithTimeZone()
    {
        await using var connection = await fixture.Database.OwnerDataSource().OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'reminder' AND column_name = 'start_time';",
            connection);

        Assert.Equal("timestamp with time zone", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task UpsertRow_SameReminderAgain_MovesTheETagOn()
    {
        var entry = NewEntry(NewTableGrainId(), FarFuture);
        var first = await Table.UpsertRow(entry, Ct);

        var second = await Table.UpsertRow(entry, Ct);

        Assert.Equal(("1", "2"), (first, second));
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var entry = NewEntry(NewTableGrainId(), FarFuture);
        var stale = await Table.UpsertRow(entry, Ct) ?? throw new InvalidOperationException("No ETag.");
        await Table.UpsertRow(entry, Ct);

        var removed = await Table.RemoveRow(entry.GrainId, entry.ReminderName, stale, Ct);

        Assert.False(removed);
        Assert.Equal(1L, await fixture.CountRowsAsync(entry.GrainId));
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_ReturnsTrueAndRemovesTheRow()
    {
        var entry = NewEntry(NewTableGrainId(), FarFuture);
        var etag = await Table.UpsertRow(entry, Ct) ?? throw new InvalidOperationException("No ETag.");

        var removed = await Table.RemoveRow(entry.GrainId, entry.ReminderName, etag, Ct);

        Assert.True(removed);
        Assert.Equal(0L, await fixture.CountRowsAsync(entry.GrainId));
    }

    // An arc that wraps past the top of the unsigned ring (begin > end) holds both the hashes above begin and those up
    // to end: ReadRangeRows2Key on the signed values the provider sends.
    [Fact]
    public async Task ReadRows_WrappingRange_ReturnsTheRowsOnBothSidesOfTheTop()
    {
        var grainId = NewTableGrainId();
        var hash = grainId.GetUniformHashCode();
        await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);

        var inside = await Table.ReadRows(hash - 1, hash - 2, Ct);
        var outside = await Table.ReadRows(hash, hash - 1, Ct);

        Assert.Contains(inside.Reminders, r => r.GrainId == grainId);
        Assert.DoesNotContain(outside.Reminders, r => r.GrainId == grainId);
    }

    [Fact]
    public async Task ReadRows_NonWrappingRange_ReturnsOnlyTheRowsInside()
    {
        var grainId = NewTableGrainId();
        var hash = grainId.GetUniformHashCode();
        await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);

        var inside = await Table.ReadRows(unchecked(hash - 1), hash, Ct);
        var after = await Table.ReadRows(hash, unchecked(hash + 1), Ct);

        Assert.Contains(inside.Reminders, r => r.GrainId == grainId);
        Assert.DoesNotContain(after.Reminders, r => r.GrainId == grainId);
    }

    private static string NewKey() => "reminder-" + Guid.NewGuid().ToString("N");

    private static GrainId NewTableGrainId() => GrainId.Create("postgres-reminder-table-test", NewKey());

    private static ReminderEntry NewEntry(GrainId grainId, DateTime startAt) => new()
    {
        GrainId = grainId,
        ReminderName = "table-test",
        StartAt = startAt,
        Period = TimeSpan.FromMinutes(5),
    };
}
