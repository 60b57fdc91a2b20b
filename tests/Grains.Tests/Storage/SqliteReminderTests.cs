using CustomerService.Grains.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CustomerService.Grains.Tests.Storage;

/// <summary>
/// Orleans' ADO.NET reminder provider on the statements of <c>0002_orleans_reminders.sql</c>: through a grain where the
/// behaviour is the grain's, through the silo's <see cref="IReminderTable"/> where it is the table's.
/// </summary>
public sealed class SqliteReminderTests(SqliteReminderClusterFixture fixture) : IClassFixture<SqliteReminderClusterFixture>
{
    // Reminders written straight to the table start here, far outside the reminder service's loading window, so that
    // the silo never tries to deliver them to a grain type that does not exist.
    private static readonly DateTime FarFuture = new(2099, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task RegisterOrUpdateReminder_PeriodElapses_GrainReceivesTick()
    {
        var key = NewKey();

        await Grain(key).StartReminderAsync("tick", SqliteReminderClusterFixture.Period);
        var tick = await fixture.Ticks.WaitForAsync(t => t.GrainKey == key, Ct);

        Assert.Equal(("tick", fixture.Sqlite.Cluster.Silos.Single().SiloAddress), (tick.ReminderName, tick.Silo));
    }

    [Fact]
    public async Task UnregisterReminder_RegisteredReminder_RemovesRow()
    {
        var key = NewKey();
        var grain = Grain(key);
        await grain.StartReminderAsync("once", SqliteReminderClusterFixture.Period);
        var rowsBefore = CountRows(grain.GetGrainId());

        await grain.StopReminderAsync("once");

        Assert.Equal((1L, 0L), (rowsBefore, CountRows(grain.GetGrainId())));
    }

    [Fact]
    public async Task UpsertRow_UtcStartTime_ReadsBackTheSameInstantAsUtc()
    {
        var startAt = FarFuture.AddTicks(1_234_567);
        var entry = NewEntry(NewTableGrainId(), startAt);
        await Table.UpsertRow(entry, Ct);

        var read = await Table.ReadRow(entry.GrainId, entry.ReminderName, Ct);

        Assert.NotNull(read);
        Assert.Equal((startAt.Ticks, DateTimeKind.Utc), (read.StartAt.Ticks, read.StartAt.Kind));
    }

    // The stored text carries no offset or zone, so no reader's local zone can shift it (compare Orleans #7424).
    [Fact]
    public async Task UpsertRow_UtcStartTime_StoresUtcWallClockTextWithoutOffset()
    {
        var entry = NewEntry(NewTableGrainId(), FarFuture.AddTicks(1_234_567));

        await Table.UpsertRow(entry, Ct);

        Assert.Equal("2099-01-02 03:04:05.1234567", ReadStartTimeText(entry.GrainId));
    }

    [Fact]
    public void ReminderTable_StartTimeWithOffset_IsRejected()
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
            VALUES ('offset-test', 'reminder-table-test/offset', 'r', '2099-01-02 03:04:05+08:00', 1000, 0, 1);
            """;

        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("ck_reminder_start_time_utc_text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertRow_ExistingReminder_ReplacesScheduleAndReturnsNextVersion()
    {
        var grainId = NewTableGrainId();
        var first = await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);

        var second = await Table.UpsertRow(NewEntry(grainId, FarFuture.AddDays(1), TimeSpan.FromHours(2)), Ct);
        var read = await Table.ReadRow(grainId, "table", Ct);

        Assert.Equal(("1", "2"), (first, second));
        Assert.NotNull(read);
        Assert.Equal((FarFuture.AddDays(1), TimeSpan.FromHours(2), "2"), (read.StartAt, read.Period, read.ETag));
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsRow()
    {
        var grainId = NewTableGrainId();
        var stale = await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);
        await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);

        var removed = await Table.RemoveRow(grainId, "table", stale!, Ct);

        Assert.False(removed);
        Assert.Equal(1L, CountRows(grainId));
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_ReturnsTrueAndDeletesRow()
    {
        var grainId = NewTableGrainId();
        var current = await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);

        var removed = await Table.RemoveRow(grainId, "table", current!, Ct);

        Assert.True(removed);
        Assert.Equal(0L, CountRows(grainId));
    }

    [Fact]
    public async Task ReadRows_GrainWithTwoReminders_ReturnsBothAndNoOtherGrains()
    {
        var grainId = NewTableGrainId();
        await Table.UpsertRow(NewEntry(grainId, FarFuture, name: "first"), Ct);
        await Table.UpsertRow(NewEntry(grainId, FarFuture, name: "second"), Ct);
        await Table.UpsertRow(NewEntry(NewTableGrainId(), FarFuture, name: "other grain"), Ct);

        var rows = await Table.ReadRows(grainId, Ct);

        Assert.Equal(
            [(grainId, "first"), (grainId, "second")],
            rows.Reminders.Select(r => (r.GrainId, r.ReminderName)).Order());
    }

    // Arcs (begin, end] of the uint ring: inside the lower half; across 2^31, where the int cast that the provider sends
    // wraps although the uint arc does not; across zero, where the uint arc wraps although the int one does not; and
    // begin = end, the whole ring (a single silo's range).
    [Theory]
    [InlineData(0x2000_0000u, 0x6000_0000u)]
    [InlineData(0x4000_0000u, 0xC000_0000u)]
    [InlineData(0xC000_0000u, 0x4000_0000u)]
    [InlineData(0x9000_0000u, 0x9000_0000u)]
    public async Task ReadRows_HashArc_ReturnsExactlyTheRemindersOfGrainsInTheArc(uint begin, uint end)
    {
        var grainIds = await UpsertManyAsync(64);
        var expected = grainIds.Where(g => InArc(g.GetUniformHashCode(), begin, end)).Order().ToList();

        var rows = await Table.ReadRows(begin, end, Ct);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Reminders.Select(r => r.GrainId).Where(grainIds.Contains).Order());
    }

    // Bounds taken from stored hashes, ordered as the int values the provider sends, so that the first arc is the one
    // the provider reads with ReadRangeRows1Key and the second, its complement, with ReadRangeRows2Key.
    [Fact]
    public async Task ReadRows_ArcBetweenTwoGrainHashes_ExcludesBeginAndIncludesEnd()
    {
        var ordered = await UpsertOrderedByIntHashAsync(8);

        var rows = await Table.ReadRows(ordered[2].GetUniformHashCode(), ordered[5].GetUniformHashCode(), Ct);

        Assert.Equal(ordered[3..6].Order(), rows.Reminders.Select(r => r.GrainId).Where(ordered.Contains).Order());
    }

    [Fact]
    public async Task ReadRows_WrappingArcBetweenTwoGrainHashes_ExcludesBeginAndIncludesEnd()
    {
        var ordered = await UpsertOrderedByIntHashAsync(8);

        var rows = await Table.ReadRows(ordered[5].GetUniformHashCode(), ordered[2].GetUniformHashCode(), Ct);

        Assert.Equal(
            ordered[6..].Concat(ordered[..3]).Order(),
            rows.Reminders.Select(r => r.GrainId).Where(ordered.Contains).Order());
    }

    // Reminder writes meet grain-state writes on the same file: both must wait in SQLite's busy handler.
    [Fact]
    public void UseSqliteReminderService_SameFileAsGrainStorage_SharesTheBusyTimeoutDataSource()
    {
        var silo = fixture.Sqlite.Cluster.GetSiloServiceProvider();

        var reminders = silo.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;
        var storage = silo.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.GrainState);

        Assert.IsType<SqliteBusyTimeoutDataSource>(reminders.DataSource);
        Assert.Same(storage.DataSource, reminders.DataSource);
    }

    [Fact]
    public async Task TestOnlyClearTable_RowsOfTwoServices_DeletesOnlyThisServicesRows()
    {
        var grainId = NewTableGrainId();
        await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);
        using (var connection = OpenDatabase())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
                VALUES ('another-service', $grainId, 'table', '2099-01-02 03:04:05', 3600000, 0, 1);
                """;
            command.Parameters.AddWithValue("$grainId", grainId.ToString());
            command.ExecuteNonQuery();
        }

        await Table.TestOnlyClearTable(Ct);

        Assert.Equal((0L, 1L), (CountRows(grainId), CountRows(grainId, "another-service")));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool InArc(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static string NewKey() => "reminder-" + Guid.NewGuid().ToString("N");

    private static GrainId NewTableGrainId() => GrainId.Create("reminder-table-test", Guid.NewGuid().ToString("N"));

    private static ReminderEntry NewEntry(GrainId grainId, DateTime startAt, TimeSpan? period = null, string name = "table") => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = startAt,
        Period = period ?? TimeSpan.FromHours(1),
    };

    private IReminderTable Table => fixture.Sqlite.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();

    private IReminderTestGrain Grain(string key) => fixture.Sqlite.Cluster.Client.GetGrain<IReminderTestGrain>(key);

    private async Task<HashSet<GrainId>> UpsertManyAsync(int count)
    {
        var grainIds = Enumerable.Range(0, count).Select(_ => NewTableGrainId()).ToHashSet();
        foreach (var grainId in grainIds)
        {
            await Table.UpsertRow(NewEntry(grainId, FarFuture), Ct);
        }

        return grainIds;
    }

    private async Task<List<GrainId>> UpsertOrderedByIntHashAsync(int count) =>
        (await UpsertManyAsync(count)).OrderBy(g => unchecked((int)g.GetUniformHashCode())).ToList();

    private SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(fixture.Sqlite.ConnectionString);
        connection.Open();
        return connection;
    }

    private long CountRows(GrainId grainId, string? serviceId = null)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reminder WHERE service_id = $serviceId AND grain_id = $grainId;";
        command.Parameters.AddWithValue("$serviceId", serviceId ?? fixture.Sqlite.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("$grainId", grainId.ToString());
        return (long)command.ExecuteScalar()!;
    }

    private string? ReadStartTimeText(GrainId grainId)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start_time FROM reminder WHERE service_id = $serviceId AND grain_id = $grainId;";
        command.Parameters.AddWithValue("$serviceId", fixture.Sqlite.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("$grainId", grainId.ToString());
        return command.ExecuteScalar() as string;
    }
}
