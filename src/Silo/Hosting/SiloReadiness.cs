using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// Reports ready once the silo has reached its Active stage (grains can be called) and while the membership table
/// lists it as active, and not ready again as soon as it starts stopping or the cluster has declared it dead.
/// Registered as a health check tagged <see cref="ReadyTag"/>, which <c>/readyz</c> runs.
/// </summary>
public sealed class SiloReadiness(IClusterMembershipService membership, ILocalSiloDetails local) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    public const string ReadyTag = "ready";

    private volatile bool _ready;

    public bool IsReady => _ready && membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress) == SiloStatus.Active;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(SiloReadiness),
            ServiceLifecycleStage.Active,
            _ =>
            {
                _ready = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _ready = false;
                return Task.CompletedTask;
            });
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsReady ? HealthCheckResult.Healthy("silo active in membership") : HealthCheckResult.Unhealthy("silo not active"));
}
