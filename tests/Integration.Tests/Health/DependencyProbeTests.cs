using System.Diagnostics.Metrics;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;
using CustomerService.Silo.Hosting.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerService.Integration.Tests.Health;

/// <summary>
/// <c>cs.dependency.up</c> against the real servers: 1 while PostgreSQL (through a relay the test can stop) and Redis
/// answer, 0 for each once it does not, and 1 again when PostgreSQL is back; read through a meter listener, as an
/// exporter reads it.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class DependencyProbeTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private TcpRelay _relay = null!;
    private NpgsqlDataSource _relayed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var data = new NpgsqlConnectionStringBuilder(_database.DataConnectionString);
        _relay = new TcpRelay(data.Port);
        _relay.Start();
        data.Port = _relay.Port;
        data.Timeout = 2;
        // No pooling: a stopped relay must fail the next probe, not be hidden by an idle pooled connection's reuse.
        data.Pooling = false;
        _relayed = NpgsqlDataSource.Create(data.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _relayed.DisposeAsync();
        await _relay.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Probe_ServersAnswerThenPostgresStops_GaugeGoesFromOneToZeroAndBack()
    {
        await using var redis = new RedisDependencyProbe(TestEnvironment.Require(TestEnvironment.RedisVariable));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var probes = new DependencyProbeService(
            [new PostgresDependencyProbe(_relayed), redis],
            Options.Create(new DependencyProbeOptions { ProbeTimeoutSeconds = 3 }),
            services.GetRequiredService<IMeterFactory>(),
            TimeProvider.System,
            NullLogger<DependencyProbeService>.Instance);

        await probes.ProbeAllAsync(Ct);
        var bothUp = Gauge();
        await _relay.StopAsync();
        await probes.ProbeAllAsync(Ct);
        var postgresDown = Gauge();
        _relay.Start();
        await probes.ProbeAllAsync(Ct);
        var postgresBack = Gauge();

        Assert.Equal([("postgres", 1), ("redis", 1)], bothUp);
        Assert.Equal([("postgres", 0), ("redis", 1)], postgresDown);
        Assert.Equal([("postgres", 1), ("redis", 1)], postgresBack);
    }

    [Fact]
    public async Task Probe_RedisNotListening_GaugeIsZero()
    {
        await using var redis = new RedisDependencyProbe($"127.0.0.1:{FreePorts.Take(1)[0]},connectTimeout=500");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var probes = new DependencyProbeService(
            [redis],
            Options.Create(new DependencyProbeOptions { ProbeTimeoutSeconds = 2 }),
            services.GetRequiredService<IMeterFactory>(),
            TimeProvider.System,
            NullLogger<DependencyProbeService>.Instance);

        await probes.ProbeAllAsync(Ct);

        Assert.Equal([("redis", 0)], Gauge());
    }

    // Every cs.dependency.up measurement that an exporter would collect now, by dependency.
    private static List<(string Dependency, int Up)> Gauge()
    {
        var seen = new List<(string, int)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DependencyProbeService.MeterName && instrument.Name == "cs.dependency.up")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "dependency")
                {
                    seen.Add(((string)tag.Value!, value));
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return [.. seen.OrderBy(s => s.Item1, StringComparer.Ordinal)];
    }
}
