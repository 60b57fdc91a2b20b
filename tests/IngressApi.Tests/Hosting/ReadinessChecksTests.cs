using CustomerService.IngressApi.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>The ingress's own readiness inputs: its gateway connections (Client mode) and draining on SIGTERM.</summary>
public sealed class ReadinessChecksTests
{
    [Fact]
    public async Task ClientReadiness_NoGatewayYet_Unhealthy()
    {
        var readiness = new ClusterClientReadiness(NullLogger<ClusterClientReadiness>.Instance);

        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ClientReadiness_GatewayConnected_Healthy()
    {
        var readiness = new ClusterClientReadiness(NullLogger<ClusterClientReadiness>.Instance);

        readiness.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);

        Assert.Equal(HealthStatus.Healthy, (await readiness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ClientReadiness_ConnectionLost_Unhealthy()
    {
        var readiness = new ClusterClientReadiness(NullLogger<ClusterClientReadiness>.Instance);
        readiness.NotifyGatewayCountChanged(2, 0, connectionRecovered: true);

        readiness.NotifyGatewayCountChanged(0, 2, connectionRecovered: false);
        readiness.NotifyClusterConnectionLost();

        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task DrainReadiness_HostStopping_Unhealthy()
    {
        using var lifetime = new StoppableLifetime();
        var readiness = new DrainReadiness(lifetime);
        var before = await readiness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        lifetime.StopApplication();
        var after = await readiness.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy), (before.Status, after.Status));
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
