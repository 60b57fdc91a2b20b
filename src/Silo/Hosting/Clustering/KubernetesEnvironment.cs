namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>
/// The variables that tell a process it runs in a Kubernetes pod. Kubernetes sets <c>KUBERNETES_SERVICE_HOST</c> in
/// every container; the Deployment sets <c>POD_IP</c> (and <c>POD_NAME</c>, <c>POD_NAMESPACE</c>) through the
/// downward API, which UseKubernetesHosting reads.
/// </summary>
public static class KubernetesEnvironment
{
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    public const string PodIpVariable = "POD_IP";

    /// <summary>Set by the Deployment from the pod's <c>orleans/clusterId</c> label; read by UseKubernetesHosting.</summary>
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";

    /// <summary>Set by the Deployment from the pod's <c>orleans/serviceId</c> label; read by UseKubernetesHosting.</summary>
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";

    public static bool IsInCluster => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServiceHostVariable));
}
