using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// Not ready from the moment the host starts stopping (SIGTERM), before the server stops taking requests, so that a
/// load balancer that still probes takes the pod out first. Requests already in flight still get their answers
/// (Ingress:ShutdownTimeoutSeconds).
/// </summary>
public sealed class DrainReadiness(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("draining: the ingress is stopping")
            : HealthCheckResult.Healthy("not draining"));
}
