using CustomerService.Deployment.Tests.Manifests;
using CustomerService.Silo.Hosting;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// One Orleans cluster: the silo pods' <c>orleans/serviceId</c> and <c>orleans/clusterId</c> labels (which
/// UseKubernetesHosting selects its fellow silos by) equal the <c>Cluster__ServiceId</c> and <c>Cluster__ClusterId</c>
/// of every silo and of the ingress, which all use Redis membership.
/// </summary>
public static class ClusterIdentityChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        var silos = OrleansProcess.Silos(manifests);
        var clients = OrleansProcess.Clients(manifests);
        if (silos.Count == 0)
        {
            problems.Add("no silo: no container sets Cluster__ServiceId without Cluster__Mode=Client");
        }

        if (clients.Count == 0)
        {
            problems.Add("no ingress in Client mode: no container sets Cluster__ServiceId with Cluster__Mode=Client");
        }

        foreach (var process in silos.Concat(clients))
        {
            if (string.IsNullOrEmpty(process.ClusterId))
            {
                problems.Add($"{process}: {SettingNames.ClusterClusterId} is not set");
            }

            if (process.Environment.LiteralOf(SettingNames.ClusterProviderName) != nameof(ClusterProvider.Redis))
            {
                problems.Add($"{process}: {SettingNames.ClusterProviderName} is not {nameof(ClusterProvider.Redis)}");
            }
        }

        foreach (var silo in silos)
        {
            var labels = silo.Workload.PodLabels;
            foreach (var (label, value) in new[] { (SettingNames.ServiceIdLabel, silo.ServiceId), (SettingNames.ClusterIdLabel, silo.ClusterId) })
            {
                if (!labels.TryGetValue(label, out var actual))
                {
                    problems.Add($"{silo.Workload}: pod label {label} is missing");
                }
                else if (actual != value)
                {
                    problems.Add($"{silo.Workload}: pod label {label}={actual} but its silo runs with {value}");
                }
            }

            foreach (var client in clients)
            {
                if (client.ServiceId != Label(labels, SettingNames.ServiceIdLabel) || client.ClusterId != Label(labels, SettingNames.ClusterIdLabel))
                {
                    problems.Add($"{client}: joins {client.ServiceId}/{client.ClusterId}, but the silo pods of {silo.Workload} are labelled " +
                        $"{Label(labels, SettingNames.ServiceIdLabel)}/{Label(labels, SettingNames.ClusterIdLabel)}");
                }
            }
        }

        return problems;
    }

    private static string? Label(IDictionary<string, string> labels, string key) => labels.TryGetValue(key, out var value) ? value : null;
}
