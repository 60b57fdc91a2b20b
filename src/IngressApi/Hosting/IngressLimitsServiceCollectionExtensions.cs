using CustomerService.IngressApi.Http;
using CustomerService.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// The ingress's own limits (section <c>Ingress</c>): the concurrency gate, the shutdown timeout, and the draining
/// readiness check.
/// </summary>
public static class IngressLimitsServiceCollectionExtensions
{
    public static IServiceCollection AddIngressLimits(this IServiceCollection services)
    {
        services.AddOptions<IngressOptions>()
            .BindConfiguration(IngressOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>();
        services.AddSingleton(sp => new ConcurrencyGate(sp.GetRequiredService<IOptions<IngressOptions>>().Value.MaxConcurrentRequests));
        services.AddOptions<HostOptions>()
            .Configure<IOptions<IngressOptions>>((host, ingress) => host.ShutdownTimeout = TimeSpan.FromSeconds(ingress.Value.ShutdownTimeoutSeconds));
        services.AddHealthChecks().AddCheck<DrainReadiness>("draining", tags: [SiloReadiness.ReadyTag]);
        return services;
    }
}
