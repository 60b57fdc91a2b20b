using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>
/// The Orleans dashboard on a silo. Every silo adds it, since each one collects its own share of the statistics;
/// only the processes with a web host (the silo's admin port, the co-hosted ingress) also serve its pages.
/// </summary>
public static class DashboardSiloBuilderExtensions
{
    public static ISiloBuilder AddCustomerServiceDashboard(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddDashboard();
        silo.Services.AddDashboardAccess();
        silo.Services.AddSingleton<DashboardRegistered>();
        silo.Services.AddOptions<DashboardOptions>()
            .Configure<IOptions<DashboardHostingOptions>>((orleans, ours) => orleans.HideTrace = ours.Value.HideTrace);
        return silo;
    }
}
