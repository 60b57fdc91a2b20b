using System.Net;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace CustomerService.Grains.Tests.Clustering;

/// <summary>
/// A silo's endpoints, membership provider and failure detection from <c>Cluster</c>, resolved from a host that is
/// built and never started, as the silo would resolve them at start.
/// </summary>
public sealed class SiloClusteringTests
{
    private const int SiloPort = 21111;
    private const int GatewayPort = 23000;

    [Fact]
    public void OutsideKubernetes_LoopbackOnlyOnItsPorts()
    {
        using var host = BuildSilo(new ClusterHostingOptions { SiloPort = SiloPort, GatewayPort = GatewayPort }, inKubernetes: false);

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(
            (IPAddress.Loopback, SiloPort, GatewayPort, (IPEndPoint?)null, (IPEndPoint?)null),
            (endpoints.AdvertisedIPAddress, endpoints.SiloPort, endpoints.GatewayPort, endpoints.SiloListeningEndpoint, endpoints.GatewayListeningEndpoint));
        Assert.DoesNotContain(host.Services.GetServices<IConfigureOptions<KubernetesHostingOptions>>(), _ => true);
    }

    // In a pod only the ports are set: UseKubernetesHosting advertises POD_IP (which the Deployment sets through the
    // downward API) and listens on every interface. POD_IP is read by Orleans' Kubernetes options alone, and only
    // this test builds a silo in Kubernetes mode, so setting it in the test process touches no other test.
    [Fact]
    public void InKubernetes_PortsOnlyAndThePodsAddress()
    {
        var previous = Environment.GetEnvironmentVariable(KubernetesEnvironment.PodIpVariable);
        Environment.SetEnvironmentVariable(KubernetesEnvironment.PodIpVariable, "10.1.2.3");
        try
        {
            using var host = BuildSilo(
                new ClusterHostingOptions { Provider = ClusterProvider.Redis, SiloPort = SiloPort, GatewayPort = GatewayPort },
                inKubernetes: true);

            var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

            Assert.Equal(
                (IPAddress.Parse("10.1.2.3"), new IPEndPoint(IPAddress.Any, SiloPort), new IPEndPoint(IPAddress.Any, GatewayPort)),
                (endpoints.AdvertisedIPAddress, endpoints.SiloListeningEndpoint, endpoints.GatewayListeningEndpoint));
        }
        finally
        {
            Environment.SetEnvironmentVariable(KubernetesEnvironment.PodIpVariable, previous);
        }
    }

    // The embedded default in a pod is still one silo on its own: no Kubernetes hosting, loopback only.
    [Fact]
    public void InKubernetesWithLocalhostClustering_LoopbackAndNoKubernetesHosting()
    {
        using var host = BuildSilo(new ClusterHostingOptions { SiloPort = SiloPort, GatewayPort = GatewayPort }, inKubernetes: true);

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.DoesNotContain(host.Services.GetServices<IConfigureOptions<KubernetesHostingOptions>>(), _ => true);
    }

    [Fact]
    public void TestProfile_DetectsADeadSiloInAboutTwoSecondsWithTheDefaultVotes()
    {
        using var host = BuildSilo(new ClusterHostingOptions { MembershipProfile = MembershipProfile.Test }, inKubernetes: false);

        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(
            (TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), new ClusterMembershipOptions().NumVotesForDeathDeclaration),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.IAmAliveTablePublishTimeout, membership.TableRefreshTimeout, membership.NumVotesForDeathDeclaration));
    }

    [Fact]
    public void DefaultProfile_ProductionTwoSecondProbesThreeMisses()
    {
        using var host = BuildSilo(new ClusterHostingOptions(), inKubernetes: false);

        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(
            (TimeSpan.FromSeconds(2), 3, new ClusterMembershipOptions().NumVotesForDeathDeclaration),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumVotesForDeathDeclaration));
    }

    [Fact]
    public void RedisProvider_MembershipTableInRedisUnderTheClusterIdentity()
    {
        using var host = BuildSilo(
            new ClusterHostingOptions { Provider = ClusterProvider.Redis, ClusterId = "blue", ServiceId = "shop" },
            inKubernetes: false);

        var table = host.Services.GetRequiredService<IMembershipTable>();
        var identity = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;

        Assert.Equal("RedisMembershipTable", table.GetType().Name);
        Assert.Equal(("blue", "shop"), (identity.ClusterId, identity.ServiceId));
    }

    private static IHost BuildSilo(ClusterHostingOptions cluster, bool inKubernetes)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "127.0.0.1:1" });
        builder.UseOrleans(silo => silo.UseCustomerServiceClustering(cluster, builder.Configuration, inKubernetes));
        return builder.Build();
    }
}
