using CustomerService.Grains.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Grains.Tests.Storage;

/// <summary>A <see cref="SqliteConversationCluster"/> (SQLite storage and reminders) that runs <see cref="ReminderTestGrain"/>.</summary>
public sealed class SqliteReminderClusterFixture : IAsyncLifetime
{
    /// <summary>The test reminders' period, short so that a tick comes soon.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public SqliteReminderClusterFixture()
    {
        var ticks = Ticks;
        Sqlite = new SqliteConversationCluster { ConfigureSilo = silo => Configure(silo, ticks) };
    }

    public ReminderTickCollector Ticks { get; } = new();

    public SqliteConversationCluster Sqlite { get; }

    public static void Configure(ISiloBuilder silo, ReminderTickCollector ticks)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(ticks);
        // Orleans refuses a period below its minimum (one minute unless lowered; the product lowers it to
        // Cluster:MinimumReminderPeriodSeconds).
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = Period);
    }

    public ValueTask InitializeAsync() => Sqlite.InitializeAsync();

    public ValueTask DisposeAsync() => Sqlite.DisposeAsync();
}
