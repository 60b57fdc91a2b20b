using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// The standalone silo host with Redis membership and PostgreSQL state: it registers in the cluster's Redis table on
/// loopback with its own ports, is ready once active there, and on SIGTERM (a rolling deploy) leaves the cluster
/// cleanly: marked dead by itself, exit code 0.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "Redis")]
public sealed class SiloProcessClusterTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private readonly TestClusterIdentity _identity = TestClusterIdentity.New();
    private HostProcess? _silo;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await _database.DisposeAsync();
        await RedisMembership.DeleteAsync(_identity);
    }

    [Fact]
    public async Task Silo_RedisMembership_ActiveOnLoopbackThenDeadAfterSigterm()
    {
        _silo = ClusterProcesses.StartSilo(_identity, _database.DataConnectionString);
        await _silo.WaitUntilReadyAsync(Ct);
        var whileRunning = await RedisMembership.ReadAsync(_identity);

        _silo.Terminate();
        var exitCode = await _silo.WaitForExitAsync(Ct);
        var afterwards = await RedisMembership.ReadAsync(_identity);

        var expectedAddress = $"127.0.0.1:{_silo.Settings["Cluster:SiloPort"]}@";
        var gatewayPort = int.Parse(_silo.Settings["Cluster:GatewayPort"], System.Globalization.CultureInfo.InvariantCulture);
        var running = Assert.Single(whileRunning);
        Assert.StartsWith(expectedAddress, running.SiloAddress, StringComparison.Ordinal);
        Assert.Equal((RedisMembership.Active, gatewayPort), (running.Status, running.GatewayPort));
        Assert.Equal(0, exitCode);
        Assert.Equal([running with { Status = RedisMembership.Dead }], afterwards);
    }
}
