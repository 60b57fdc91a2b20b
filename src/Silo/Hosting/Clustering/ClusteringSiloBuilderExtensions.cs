using System.Net;
using Orleans.Configuration;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>A silo's identity, membership provider, endpoints and failure detection, from <c>Cluster</c>.</summary>
public static class ClusteringSiloBuilderExtensions
{
    /// <param name="silo">The silo being built.</param>
    /// <param name="cluster">The <c>Cluster</c> settings, read at composition time: endpoints are fixed before start.</param>
    /// <param name="configuration">For <c>ConnectionStrings:redis</c>.</param>
    public static ISiloBuilder UseCustomerServiceClustering(this ISiloBuilder silo, ClusterHostingOptions cluster, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(configuration);

        var inKubernetes = KubernetesEnvironment.IsInCluster;
        if (inKubernetes)
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

        if (inKubernetes)
        {
            // Ports only: UseKubernetesHosting advertises POD_IP and listens on every interface of the pod. An address
            // set here would win over POD_IP, and every silo would register 127.0.0.1 in the membership table.
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
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
