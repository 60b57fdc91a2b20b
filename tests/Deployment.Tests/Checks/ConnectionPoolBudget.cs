using System.Globalization;
using System.Text.RegularExpressions;
using CustomerService.Deployment.Tests.Manifests;
using CustomerService.Silo.Hosting.Storage;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// The most PostgreSQL connections the manifests can open at once: silos (replicas plus the rollout's surge) times
/// their pool, plus, for an ingress that connects (one that hosts a silo), its pods (the HPA's maximum plus the
/// surge) times its pool. It must stay within the server's <c>max_connections</c> less the connections reserved for
/// superusers, and the README states the same sum.
/// </summary>
public sealed partial record ConnectionPoolBudget(int Silos, int SiloSurge, int SiloPool, int IngressPods, int IngressSurge, int IngressPool, int MaxConnections)
{
    /// <summary>PostgreSQL's superuser_reserved_connections default: ordinary roles get max_connections less these.</summary>
    public const int SuperuserReserved = 3;

    /// <summary>PostgreSQL's max_connections default.</summary>
    public const int DefaultMaxConnections = 100;

    public int Total => ((Silos + SiloSurge) * SiloPool) + ((IngressPods + IngressSurge) * IngressPool);

    public int Available => MaxConnections - SuperuserReserved;

    /// <summary>The sum as the README writes it; a Client-mode ingress has no pool and no term.</summary>
    public string Formula
    {
        get
        {
            var silos = string.Create(CultureInfo.InvariantCulture, $"({Silos} + {SiloSurge}) × {SiloPool}");
            var ingress = IngressPool == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" + ({IngressPods} + {IngressSurge}) × {IngressPool}");
            return string.Create(CultureInfo.InvariantCulture, $"{silos}{ingress} = {Total}");
        }
    }

    public static ConnectionPoolBudget From(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var processes = OrleansProcess.All(manifests).Where(p => p.Environment.ContainsKey(SettingNames.PostgresConnection)).ToList();
        int silos = 0, siloSurge = 0, siloPool = 0, ingressPods = 0, ingressSurge = 0, ingressPool = 0;
        foreach (var process in processes)
        {
            var pool = int.TryParse(process.Environment.LiteralOf(SettingNames.PostgresMaxPoolSize), NumberStyles.None, CultureInfo.InvariantCulture, out var configured)
                ? configured
                : PostgresStorage.DefaultMaxPoolSize;
            var deployment = process.Workload.Manifest as V1Deployment;
            if (process.IsClient)
            {
                ingressPods += MaxReplicas(manifests, process.Workload);
                ingressSurge += Surge(deployment, MaxReplicas(manifests, process.Workload));
                ingressPool = Math.Max(ingressPool, pool);
            }
            else
            {
                silos += process.Workload.Replicas ?? 1;
                siloSurge += Surge(deployment, process.Workload.Replicas ?? 1);
                siloPool = Math.Max(siloPool, pool);
            }
        }

        var maxConnections = manifests.Workloads.SelectMany(w => w.Containers).SelectMany(c => c.Args ?? [])
            .Select(a => MaxConnectionsArgument().Match(a))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(DefaultMaxConnections)
            .First();
        return new ConnectionPoolBudget(silos, siloSurge, siloPool, ingressPods, ingressSurge, ingressPool, maxConnections);
    }

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        var budget = From(manifests);
        return budget.Total <= budget.Available
            ? []
            : [$"PostgreSQL connections: {budget.Formula}, above max_connections {budget.MaxConnections} less {SuperuserReserved} reserved"];
    }

    private static int MaxReplicas(ManifestSet manifests, PodWorkload workload) =>
        manifests.OfType<V2HorizontalPodAutoscaler>()
            .FirstOrDefault(a => a.Spec?.ScaleTargetRef?.Name == workload.Name && a.Metadata.NamespaceProperty == workload.Namespace)
            ?.Spec.MaxReplicas ?? workload.Replicas ?? 1;

    // A rolling update runs up to maxSurge extra pods (25 % of the replicas, rounded up, by default).
    private static int Surge(V1Deployment? deployment, int replicas)
    {
        var value = deployment?.Spec.Strategy?.RollingUpdate?.MaxSurge?.Value ?? "25%";
        if (deployment?.Spec.Strategy?.Type == "Recreate")
        {
            return 0;
        }

        return value.EndsWith('%')
            ? (int)Math.Ceiling(replicas * int.Parse(value.TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0)
            : int.Parse(value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^max_connections=(\d+)$")]
    private static partial Regex MaxConnectionsArgument();
}
