using System.Globalization;
using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// The silo port (<c>Cluster__SiloPort</c>) and the gateway port (<c>Cluster__GatewayPort</c>) are admitted only from
/// the cluster's own pods (its silos and its Client-mode ingress). Having no Service does not make them internal:
/// any pod can reach a pod IP. So every pod that declares them is isolated by a NetworkPolicy, and every rule that
/// admits them names only this cluster's pods: no rule without <c>from</c>, no namespaceSelector, no ipBlock, no empty
/// podSelector.
/// </summary>
public static class NetworkPolicyChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        var processes = OrleansProcess.All(manifests);
        var members = processes.Select(p => p.Workload).Distinct().ToList();
        var protectedPorts = OrleansProcess.Silos(manifests)
            .SelectMany(s => new[] { s.Environment.LiteralOf(SettingNames.ClusterSiloPort), s.Environment.LiteralOf(SettingNames.ClusterGatewayPort) })
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0)
            .Where(p => p > 0)
            .Distinct()
            .ToList();
        if (protectedPorts.Count < 2)
        {
            problems.Add("the silo and gateway ports are not set (Cluster__SiloPort, Cluster__GatewayPort)");
        }

        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                foreach (var port in protectedPorts.Where(p => ContainerPorts.Declares(container, p)))
                {
                    var where = $"{workload}: port {port.ToString(CultureInfo.InvariantCulture)}";
                    var policies = manifests.OfType<V1NetworkPolicy>()
                        .Where(p => p.Metadata.NamespaceProperty == workload.Namespace && LabelSelectors.Matches(p.Spec?.PodSelector, workload.PodLabels))
                        .Where(p => p.Spec.PolicyTypes is null or { Count: 0 } || p.Spec.PolicyTypes.Contains("Ingress"))
                        .ToList();
                    if (policies.Count == 0)
                    {
                        problems.Add($"{where} is open to every pod: no NetworkPolicy isolates {workload}'s ingress");
                    }

                    foreach (var policy in policies)
                    {
                        foreach (var rule in (policy.Spec.Ingress ?? []).Where(r => Admits(r, container, port)))
                        {
                            CheckSources(manifests, members, rule, workload.Namespace, $"{where} (NetworkPolicy {policy.Metadata.Name})", problems);
                        }
                    }
                }
            }
        }

        return problems;
    }

    private static bool Admits(V1NetworkPolicyIngressRule rule, V1Container container, int port)
    {
        if (rule.Ports is null or { Count: 0 })
        {
            return true;
        }

        return rule.Ports.Any(p =>
            p.Port is null
            || (ContainerPorts.Resolve(container, p.Port) is { } first && (first == port || (p.EndPort is { } last && first <= port && port <= last))));
    }

    private static void CheckSources(
        ManifestSet manifests, List<PodWorkload> members, V1NetworkPolicyIngressRule rule, string? namespaceName, string where, List<string> problems)
    {
        var peers = rule.FromProperty ?? [];
        if (peers.Count == 0)
        {
            problems.Add($"{where} is admitted from everywhere (a rule without 'from')");
        }

        foreach (var peer in peers)
        {
            if (peer.IpBlock is not null)
            {
                problems.Add($"{where} is admitted from an ipBlock");
            }
            else if (peer.NamespaceSelector is not null)
            {
                problems.Add($"{where} is admitted from other namespaces' pods");
            }
            else if (peer.PodSelector is null || LabelSelectors.IsEmpty(peer.PodSelector))
            {
                problems.Add($"{where} is admitted from every pod of the namespace");
            }
            else
            {
                foreach (var outsider in manifests.Workloads.Where(w => w.Namespace == namespaceName && LabelSelectors.Matches(peer.PodSelector, w.PodLabels) && !members.Contains(w)))
                {
                    problems.Add($"{where} is admitted from {outsider}, which is not part of the Orleans cluster");
                }
            }
        }
    }
}
