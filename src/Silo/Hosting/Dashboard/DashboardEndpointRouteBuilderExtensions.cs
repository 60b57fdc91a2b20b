using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>Serves the Orleans dashboard at <see cref="RoutePrefix"/>, the whole route group behind HTTP Basic.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    public const string RoutePrefix = "/dashboard";

    /// <summary>
    /// Maps the dashboard when this process hosts a silo and <c>Dashboard:Password</c> is set; otherwise maps nothing
    /// (its paths answer 404) and logs why.
    /// </summary>
    public static IEndpointRouteBuilder MapCustomerServiceDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardEndpointRouteBuilderExtensions).FullName!);
        if (services.GetService<DashboardRegistered>() is null)
        {
            logger.LogInformation("Orleans dashboard not served here: this process hosts no silo (the silos serve it on their admin port)");
            return endpoints;
        }

        var settings = services.GetRequiredService<IOptions<DashboardHostingOptions>>().Value;
        if (string.IsNullOrEmpty(settings.Password))
        {
            logger.LogWarning("Orleans dashboard not served: Dashboard:Password is not set, so {Path} answers 404", RoutePrefix);
            return endpoints;
        }

        endpoints.MapOrleansDashboard(RoutePrefix).RequireAuthorization(DashboardServiceCollectionExtensions.Policy);
        logger.LogInformation(
            "Orleans dashboard served at {Path} behind HTTP Basic (user {User}); live log {LiveLog}",
            RoutePrefix,
            settings.Username,
            settings.HideTrace ? "hidden (Dashboard:HideTrace)" : "shown");
        return endpoints;
    }
}
