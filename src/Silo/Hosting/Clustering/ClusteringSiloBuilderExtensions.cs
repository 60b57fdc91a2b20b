using System.Net;
using Orleans.Configuration;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>A silo's identity, membership provider, endpoints and failure detection, from <c>Cluster</c>.</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <param name="silo">The silo being built.</param>
    /// <param name="cluster">The <c>Cluster</c> settings, read at composition time: endpoints are fixed before start.</param>
    /// <param name="configuration">For <c>ConnectionStrings:redis</c>.</param>
    public static ISiloBuilder UseCustomerServiceClustering(this ISiloBuilder silo, ClusterHostingOptions cluster, IConfiguration configuration) =>
        silo.UseCustomerServiceClustering(cluster, configuration, KubernetesEnvironment.IsInCluster);

    /// <param name="silo">The silo being built.</param>
    /// <param name="cluster">The <c>Cluster</c> settings.</param>
    /// <param name="configuration">For <c>ConnectionStrings:redis</c>.</param>
    /// <param name="inKubernetes">Whether the process runs in a pod; a parameter so that tests can choose.</param>
    internal static ISiloBuilder UseCustomerServiceClustering(this ISiloBuilder silo, ClusterHostingOptions cluster, IConfiguration configuration, bool inKubernetes)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(configuration);

        // Kubernetes hosting is for a cluster of silo pods: with Localhost clustering (the embedded default, even in a
        // pod) the one silo keeps to loopback.
        var podOfACluster = inKubernetes && cluster.Provider == ClusterProvider.Redis;
        if (podOfACluster)
        {
            // Only in a pod: it needs the pod's variables and the Kubernetes API, and fails to start anywhere else.
            // Called before ClusterOptions are configured below, so that Cluster:ClusterId/ServiceId are what count
            // (PodClusterIdentityValidator refuses a pod whose Orleans labels say otherwise).
            silo.UseKubernetesHosting();
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(o => MembershipProfiles.Apply(cluster.MembershipProfile, o));

        if (cluster.Provider == ClusterProvider.Redis)
        {
            var redis = RedisClustering.Options(RedisClustering.ConnectionString(configuration));
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        if (podOfACluster)
        {
            // The ports, and POD_IP (the downward API's pod address) as the address the silo registers, never
            // loopback; UseKubernetesHosting then listens on every interface of the pod. POD_IP is set here rather
            // than left to UseKubernetesHosting because Orleans' own defaults fill an unset address first (with the
            // first address the machine resolves), and UseKubernetesHosting only fills one that is still unset.
            var podIp = Environment.GetEnvironmentVariable(KubernetesEnvironment.PodIpVariable);
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
                if (!string.IsNullOrWhiteSpace(podIp))
                {
                    o.AdvertisedIPAddress = IPAddress.Parse(podIp);
                }
            });
        }
        else
        {
            // Outside Kubernetes (a developer's machine, the tests): loopback only, never reachable from the network.
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
            });
        }

        return silo;
    }
}
