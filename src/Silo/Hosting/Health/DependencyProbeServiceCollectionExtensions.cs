using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Silo.Hosting.Health;

public static class DependencyProbeServiceCollectionExtensions
{
    /// <summary>Adds a dependency to the process's checks, and the checks themselves once.</summary>
    public static IServiceCollection AddDependencyProbe<TProbe>(this IServiceCollection services, Func<IServiceProvider, TProbe> probe)
        where TProbe : class, IDependencyProbe
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IDependencyProbe>(probe);
        if (!services.Any(d => d.ServiceType == typeof(DependencyProbeService)))
        {
            services.AddOptions<DependencyProbeOptions>()
                .BindConfiguration(DependencyProbeOptions.SectionName)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<DependencyProbeService>();
            services.AddHostedService(sp => sp.GetRequiredService<DependencyProbeService>());
        }

        return services;
    }
}
