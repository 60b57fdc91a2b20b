using CustomerService.IngressApi.Conversations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// In Client mode, the ingress is ready while it holds a connection to at least one gateway: it follows Orleans'
/// connection notifications (a gateway connection opened or closed), so a readiness probe costs no call.
/// </summary>
public sealed partial class ClusterClientReadiness(ILogger<ClusterClientReadiness> logger) : IClusterConnectionStatusObserver, IHealthCheck, IClusterAvailability
{
    private int _gateways;

    public int ConnectedGateways => Volatile.Read(ref _gateways);

    public bool IsAvailable => ConnectedGateways > 0;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        Volatile.Write(ref _gateways, currentNumberOfGateways);
        if (currentNumberOfGateways > 0 && previousNumberOfGateways <= 0)
        {
            LogConnected(logger, currentNumberOfGateways);
        }
    }

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref _gateways, 0);
        LogLost(logger);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ConnectedGateways > 0
            ? HealthCheckResult.Healthy($"connected to {ConnectedGateways} gateway(s)")
            : HealthCheckResult.Unhealthy("no gateway connection"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster ({Gateways} gateway(s)); the ingress is ready")]
    private static partial void LogConnected(ILogger logger, int gateways);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost every gateway connection; the ingress is not ready until one is back, and holds pushes meanwhile")]
    private static partial void LogLost(ILogger logger);
}
