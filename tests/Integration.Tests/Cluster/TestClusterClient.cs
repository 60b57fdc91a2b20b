using CustomerService.Grains.Conversations;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// An Orleans client in the test process, joined to a test cluster's silo processes through the same Redis
/// membership as the ingress: for looking at the cluster from outside, e.g. which silo holds which conversations (the
/// failover test kills the silo that holds the most).
/// </summary>
public sealed class TestClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private TestClusterClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<TestClusterClient> ConnectAsync(TestClusterIdentity cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var redis = RedisClustering.Options(TestEnvironment.Require(TestEnvironment.RedisVariable));
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseRedisClustering(o => o.ConfigurationOptions = redis);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestClusterClient(host);
    }

    /// <summary>How many conversation grains are active on each silo (by silo address, <c>127.0.0.1:port@generation</c>).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ConversationsBySiloAsync()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains(nameof(ConversationGrain), StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal);
    }

    /// <summary>
    /// Where each active conversation grain lives: its key (<c>ConversationKey</c>'s string form) and its silo's
    /// address. A conversation seen on two silos at once (an activation moving) is left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ConversationSilosAsync()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null);
        return statistics
            .Where(s => s.GrainType.Contains(nameof(ConversationGrain), StringComparison.Ordinal))
            .GroupBy(s => s.GrainId.Key.ToString(), StringComparer.Ordinal)
            .Where(g => g.Select(s => s.SiloAddress).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().SiloAddress.ToParsableString(), StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
