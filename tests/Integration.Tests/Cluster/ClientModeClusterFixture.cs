using System.Net;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// A production-shaped cluster, brought up in the order a careless deploy would: a Client-mode ingress first, with no
/// silo anywhere, then one standalone silo (Redis membership, PostgreSQL state). What the ingress did while it waited
/// is kept for the tests to assert.
/// </summary>
public sealed class ClientModeClusterFixture : IAsyncLifetime
{
    public const int HoldMaxSeconds = 5;

    /// <summary>The ingress's operator key (for <c>/api/status</c>); obviously fake.</summary>
    public const string AdminApiKey = "ClusterTestAdminKey0001";

    public PostgresTestDatabase Database { get; } = new();

    public TestClusterIdentity Identity { get; } = TestClusterIdentity.New();

    public HostProcess Ingress { get; private set; } = null!;

    public HostProcess Silo { get; private set; } = null!;

    /// <summary>The line the ingress logged while it kept trying to reach a cluster that had no silo.</summary>
    public string RetryLineBeforeAnySilo { get; private set; } = null!;

    public HttpStatusCode LivenessBeforeAnySilo { get; private set; }

    public HttpStatusCode ReadinessBeforeAnySilo { get; private set; }

    /// <summary>The line the ingress logged once a silo's gateway accepted it.</summary>
    public string ConnectedLine { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Database.InitializeAsync();
        await Database.MigrateAsync();

        Ingress = ClusterProcesses.StartIngress(Identity, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Channels:WeChat:HoldMaxSeconds"] = HoldMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Admin:ApiKey"] = AdminApiKey,
        });
        RetryLineBeforeAnySilo = await Ingress.Output.WaitForAsync(l => l.Contains("Cannot reach the cluster yet (attempt 2,", StringComparison.Ordinal), ct);
        LivenessBeforeAnySilo = await Ingress.WaitForStatusAsync("/healthz", _ => true, ct);
        ReadinessBeforeAnySilo = await Ingress.StatusAsync("/readyz", ct);

        Silo = ClusterProcesses.StartSilo(Identity, Database.DataConnectionString);
        await Silo.WaitUntilReadyAsync(ct);
        ConnectedLine = await Ingress.Output.WaitForAsync(l => l.Contains("Connected to the cluster", StringComparison.Ordinal), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Ingress is not null)
        {
            await Ingress.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        await Database.DisposeAsync();
        await RedisMembership.DeleteAsync(Identity);
    }
}
