namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>
/// Present when this process hosts a silo with the dashboard, so that its pages can be mapped; an ingress in Client
/// mode has none (the dashboard is served on the silos' admin port then).
/// </summary>
internal sealed class DashboardRegistered;
