using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>Binds and validates <c>Cluster</c> for a silo or a client.</summary>
public static class ClusterHostingServiceCollectionExtensions
{
    public static IServiceCollection AddClusterHostingOptions(this IServiceCollection services, ClusterHostRole role)
    {
        services.AddOptions<ClusterHostingOptions>()
            .BindConfiguration(ClusterHostingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterHostingOptions>>(sp => new ClusterHostingOptionsValidator(
            role,
            role == ClusterHostRole.Silo ? sp.GetRequiredService<IOptions<StorageHostingOptions>>() : null));
        services.AddStorageExceptionSerialization();
        if (KubernetesEnvironment.IsInCluster)
        {
            services.AddSingleton<IValidateOptions<ClusterHostingOptions>>(new PodClusterIdentityValidator(
                Environment.GetEnvironmentVariable(KubernetesEnvironment.ClusterIdVariable),
                Environment.GetEnvironmentVariable(KubernetesEnvironment.ServiceIdVariable)));
        }

        return services;
    }
}
