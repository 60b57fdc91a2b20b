using CustomerService.IngressApi.Conversations;
using CustomerService.Silo.Hosting;

namespace CustomerService.IngressApi.Hosting;

/// <summary>In co-hosted mode the grains are reachable while this process's own silo is active.</summary>
public sealed class CoHostedSiloAvailability(SiloReadiness silo) : IClusterAvailability
{
    public bool IsAvailable => silo.IsReady;
}
