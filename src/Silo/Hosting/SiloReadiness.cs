using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// Reports ready once the silo has reached its Active stage (grains can be called), and not ready again as soon as
/// it starts stopping. Registered as a health check tagged <see cref="ReadyTag"/>, which <c>/readyz</c> runs.
/// </summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    public const string ReadyTag = "ready";

    private volatile bool _ready;

    public bool IsReady => _ready;

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
        Task.FromResult(_ready ? HealthCheckResult.Healthy("silo active") : HealthCheckResult.Unhealthy("silo not active"));
}
