using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// A silo composed as in production (<c>AddCustomerServiceSilo</c>, <c>Storage:Provider = PostgreSql</c>, the data-only
/// role) on a database that <c>migrate</c> has not brought to this build's schema: it never migrates, stays unready
/// and says what to run, then starts once the schema is there.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresSchemaGateTests : IAsyncLifetime
{
    private static readonly string TooOldLine =
        $"Error {typeof(PostgresSchemaGate).FullName}: schema version 0, this build needs {PostgresSchemaScripts.RequiredVersion}: " +
        "run `dotnet run --project src/Silo -- migrate`";

    private readonly PostgresTestDatabase _database = new();
    private readonly CapturedLog _log = new();
    private readonly CancellationTokenSource _stop = new();
    private IHost _host = null!;
    private Task _start = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:postgres"] = _database.DataConnectionString,
            ["Cluster:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(_log);
        builder.AddCustomerServiceSilo();
        _host = builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _start;
            await _host.StopAsync(CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The start was still waiting for the schema: cancelling it is how such a silo stops.
        }

        _host.Dispose();
        _stop.Dispose();
        await _database.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_SchemaNotMigrated_StaysUnreadyAndLogsWhatToRun()
    {
        _start = _host.StartAsync(_stop.Token);

        var line = await _log.WaitForAsync(l => l.Contains("this build needs", StringComparison.Ordinal), Ct);
        var readiness = await ReadinessAsync();

        Assert.Equal(TooOldLine, line);
        Assert.Equal(HealthStatus.Unhealthy, readiness.Status);
        Assert.Equal(
            $"schema version 0, this build needs {PostgresSchemaScripts.RequiredVersion}: run `dotnet run --project src/Silo -- migrate`",
            readiness.Entries[PostgresSchemaGate.HealthCheckName].Description);
        Assert.Equal(HealthStatus.Unhealthy, readiness.Entries["silo"].Status);
        Assert.Equal(0, await PostgresSchemaMigrator.ReadVersionAsync(_database.OwnerDataSource(), Ct));
    }

    [Fact]
    public async Task StartAsync_MigratedWhileTheSiloWaits_StartsAndBecomesReady()
    {
        _start = _host.StartAsync(_stop.Token);
        await _log.WaitForAsync(l => l.Contains("this build needs", StringComparison.Ordinal), Ct);

        await _database.MigrateAsync();
        await _start;
        var readiness = await ReadinessAsync();

        Assert.Equal(HealthStatus.Healthy, readiness.Status);
        Assert.Equal(PostgresSchemaScripts.RequiredVersion, _host.Services.GetRequiredService<PostgresSchemaGate>().OpenedAtVersion);
        Assert.Single(_log.Lines, l => l == TooOldLine);
    }

    [Fact]
    public async Task StartAsync_PostgreSql_NeverLogsTheConnectionStringsPassword()
    {
        await _database.MigrateAsync();

        await _host.StartAsync(_stop.Token);
        _start = Task.CompletedTask;

        Assert.Contains(_log.Lines, l => l.Contains("Orleans Silo started", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(_database.DataPassword, StringComparison.Ordinal));
    }

    private Task<HealthReport> ReadinessAsync() =>
        _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(SiloReadiness.ReadyTag), Ct);
}
