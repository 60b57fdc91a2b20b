using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Hosting;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>
/// The environment-variable names the manifests must use, built from the code's own section and property names, so
/// that a renamed setting fails these tests instead of being silently ignored in a cluster.
/// </summary>
public static class SettingNames
{
    public static readonly string ClusterServiceId = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.ServiceId));
    public static readonly string ClusterClusterId = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.ClusterId));
    public static readonly string ClusterProviderName = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.Provider));
    public static readonly string ClusterModeName = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.Mode));
    public static readonly string ClusterSiloPort = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.SiloPort));
    public static readonly string ClusterGatewayPort = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.GatewayPort));
    public static readonly string ClusterAdminPort = Variable(ClusterHostingOptions.SectionName, nameof(ClusterHostingOptions.AdminPort));
    public static readonly string StorageProviderName = Variable(StorageHostingOptions.SectionName, nameof(StorageHostingOptions.Provider));
    public static readonly string PostgresMaxPoolSize = Variable(StorageHostingOptions.SectionName, nameof(StorageHostingOptions.PostgresMaxPoolSize));
    public static readonly string PostgresConnection = Variable("ConnectionStrings", PostgresStorage.ConnectionStringName);
    public static readonly string PostgresMigrateConnection = Variable("ConnectionStrings", PostgresStorage.MigrateConnectionStringName);
    public static readonly string ReplyBudgetMs = Variable(WeChatOptions.SectionName, nameof(WeChatOptions.ReplyBudgetMs));

    /// <summary>Unprefixed: appsettings.json's <c>Urls</c> beats <c>ASPNETCORE_URLS</c>, but not a plain <c>Urls</c> variable.</summary>
    public const string Urls = "Urls";

    /// <summary>The generic host's <c>shutdownTimeoutSeconds</c> setting (HostOptions.ShutdownTimeout), read with the DOTNET_ prefix.</summary>
    public const string ShutdownTimeoutSeconds = "DOTNET_SHUTDOWNTIMEOUTSECONDS";

    /// <summary>
    /// The ingress's own shutdown timeout (<c>Ingress:ShutdownTimeoutSeconds</c>): its composition sets
    /// HostOptions.ShutdownTimeout from it (validated above the reply budget), which overrides the DOTNET_ variable.
    /// </summary>
    public static readonly string IngressShutdownTimeoutSeconds = Variable(IngressOptions.SectionName, nameof(IngressOptions.ShutdownTimeoutSeconds));

    /// <summary>The variable that sets a process's shutdown timeout: the ingress's own setting, or the generic host's.</summary>
    public static string ShutdownTimeoutFor(bool ingress) => ingress ? IngressShutdownTimeoutSeconds : ShutdownTimeoutSeconds;

    /// <summary>The pod labels UseKubernetesHosting selects its cluster's silo pods by (KubernetesHostingOptions).</summary>
    public const string ServiceIdLabel = "orleans/serviceId";

    public const string ClusterIdLabel = "orleans/clusterId";

    /// <summary>
    /// Microsoft.Orleans.Hosting.Kubernetes' pod variables (KubernetesHostingOptions) and their downward-API fields:
    /// the pod's name, namespace and IP, and its own Orleans labels, which the silo checks against its Cluster settings.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DownwardApi = new Dictionary<string, string>
    {
        ["POD_NAME"] = "metadata.name",
        ["POD_NAMESPACE"] = "metadata.namespace",
        ["POD_IP"] = "status.podIP",
        ["ORLEANS_SERVICE_ID"] = $"metadata.labels['{ServiceIdLabel}']",
        ["ORLEANS_CLUSTER_ID"] = $"metadata.labels['{ClusterIdLabel}']",
    };

    /// <summary><c>Section:Key</c> as an environment variable, <c>Section__Key</c>.</summary>
    public static string Variable(string section, string key) => $"{section}:{key}".Replace(":", "__", StringComparison.Ordinal);
}
