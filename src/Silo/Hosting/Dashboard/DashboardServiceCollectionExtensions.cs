using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>Registers the dashboard's settings and its HTTP Basic scheme, behind the <see cref="Policy"/> policy.</summary>
public static class DashboardServiceCollectionExtensions
{
    public const string Policy = "dashboard";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddOptions<DashboardHostingOptions>()
            .BindConfiguration(DashboardHostingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardHostingOptions>, DashboardHostingOptionsValidator>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardBasicAuthenticationHandler>(DashboardBasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(DashboardBasicAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }
}
