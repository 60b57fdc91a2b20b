using System.Globalization;
using CustomerService.Integration.Tests.Hosting;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// Starts the processes of a production-shaped cluster on loopback: standalone silos (Redis membership, PostgreSQL
/// state) and Client-mode ingresses, each on free ports, all of one <see cref="TestClusterIdentity"/>. Extra settings
/// override the defaults (e.g. <c>Cluster:MembershipProfile = Test</c> for a failover test).
/// </summary>
public static class ClusterProcesses
{
    public static HostProcess StartSilo(
        TestClusterIdentity cluster,
        string postgresConnectionString,
        IReadOnlyDictionary<string, string>? extra = null,
        string name = "silo")
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var ports = FreePorts.Take(3);
        var settings = Common(cluster);
        settings["Cluster:SiloPort"] = Text(ports[0]);
        settings["Cluster:GatewayPort"] = Text(ports[1]);
        settings["Cluster:AdminPort"] = Text(ports[2]);
        settings["Storage:Provider"] = "PostgreSql";
        settings["ConnectionStrings:postgres"] = postgresConnectionString;
        Apply(settings, extra);
        return HostProcess.Start(name, "Silo", settings, new Uri($"http://127.0.0.1:{settings["Cluster:AdminPort"]}"));
    }

    public static HostProcess StartIngress(
        TestClusterIdentity cluster,
        IReadOnlyDictionary<string, string>? extra = null,
        string name = "ingress")
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var settings = Common(cluster);
        settings["Urls"] = $"http://127.0.0.1:{Text(FreePorts.Take(1)[0])}";
        settings["Cluster:Mode"] = "Client";
        Apply(settings, extra);
        return HostProcess.Start(name, "IngressApi", settings, new Uri(settings["Urls"]));
    }

    private static Dictionary<string, string> Common(TestClusterIdentity cluster)
    {
        var settings = new Dictionary<string, string>(ClusterTestAccount.Settings, StringComparer.Ordinal)
        {
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:redis"] = TestEnvironment.Require(TestEnvironment.RedisVariable),
            ["Cluster:ServiceId"] = cluster.ServiceId,
            ["Cluster:ClusterId"] = cluster.ClusterId,
            // Our own log lines at Information, which tests wait for.
            ["Logging:LogLevel:CustomerService"] = "Information",
        };
        return settings;
    }

    private static void Apply(Dictionary<string, string> settings, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
