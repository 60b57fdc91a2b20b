using CustomerService.IngressApi.Conversations;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using CustomerService.Silo.Hosting.Health;
using Orleans.Configuration;

namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// The ingress as an Orleans client of a separate silo cluster (<c>Cluster:Mode = Client</c>): the same cluster
/// identity and Redis membership as the silos, no silo of its own.
/// </summary>
public static class ClusterClientHostingExtensions
{
    public static WebApplicationBuilder AddCustomerServiceClusterClient(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddClusterHostingOptions(ClusterHostRole.Client);

        // Read here, at composition time, because the client's membership provider is fixed before it starts.
        var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        // Telemetry (/metrics, OTLP) is registered by the ingress for either mode (AddCustomerServiceIngress).
        services.AddSingleton<ClusterClientReadiness>();
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterClientReadiness>());
        services.AddSingleton<IClusterAvailability>(sp => sp.GetRequiredService<ClusterClientReadiness>());
        services.AddHealthChecks().AddCheck<ClusterClientReadiness>("cluster-client", tags: [SiloReadiness.ReadyTag]);

        // The client connects inside its hosted service's start, retried until a gateway answers: started side by side
        // with the web server, /healthz answers (and /readyz says not ready) while no silo is up, so that the probes
        // do not restart a pod that is only waiting for the cluster.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

        // The client finds its gateways in Redis: its health is a metric (cs.dependency.up), not a readiness gate.
        if (cluster.Provider == ClusterProvider.Redis)
        {
            var redisConnection = RedisClustering.ConnectionString(builder.Configuration);
            services.AddDependencyProbe(_ => new RedisDependencyProbe(redisConnection));
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Provider == ClusterProvider.Redis)
            {
                var redis = RedisClustering.Options(RedisClustering.ConnectionString(builder.Configuration));
                client.UseRedisClustering(o => o.ConfigurationOptions = redis);
            }
            else
            {
                // Refused by validation at start (ClusterHostingOptionsValidator); configured only so that the host
                // can be built and report that.
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = MembershipProfiles.GatewayListRefreshPeriod(cluster.MembershipProfile));
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
            client.AddCustomerServiceTracing();
        });
        return builder;
    }
}
