using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>
/// In a pod, the identity the pod's Orleans labels give (<c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>, which
/// UseKubernetesHosting reads) must equal <c>Cluster:ClusterId</c> and <c>Cluster:ServiceId</c>, which every process
/// uses: otherwise the silo registers under one identity, the ingress looks under the other, and the Kubernetes agent
/// watches pods of a cluster the silo is not in. Cluster ids are names, not secrets: the message shows them.
/// </summary>
public sealed class PodClusterIdentityValidator(string? podClusterId, string? podServiceId) : IValidateOptions<ClusterHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(podClusterId) && !string.Equals(podClusterId, options.ClusterId, StringComparison.Ordinal))
        {
            failures.Add($"{KubernetesEnvironment.ClusterIdVariable} ({podClusterId}) differs from Cluster:ClusterId ({options.ClusterId}); the pod's orleans/clusterId label must equal Cluster:ClusterId.");
        }

        if (!string.IsNullOrWhiteSpace(podServiceId) && !string.Equals(podServiceId, options.ServiceId, StringComparison.Ordinal))
        {
            failures.Add($"{KubernetesEnvironment.ServiceIdVariable} ({podServiceId}) differs from Cluster:ServiceId ({options.ServiceId}); the pod's orleans/serviceId label must equal Cluster:ServiceId.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
