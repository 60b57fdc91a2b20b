using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>Labels and selectors match: each selector selects the pods it is meant for.</summary>
public static class SelectorChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        var workloads = manifests.Workloads;

        foreach (var workload in workloads)
        {
            // The API server rejects a selector that does not select the template, and an empty one would adopt
            // every pod of the namespace.
            if (workload.Selector is null || LabelSelectors.IsEmpty(workload.Selector))
            {
                problems.Add($"{workload}: no selector");
            }
            else if (!LabelSelectors.Matches(workload.Selector, workload.PodLabels))
            {
                problems.Add($"{workload}: its selector does not select its own pod template's labels");
            }

            var others = workloads.Where(w => w != workload && w.Namespace == workload.Namespace && LabelSelectors.Matches(workload.Selector, w.PodLabels));
            foreach (var other in others)
            {
                problems.Add($"{workload}: its selector also selects the pods of {other}");
            }
        }

        foreach (var service in manifests.OfType<V1Service>())
        {
            var selected = workloads.Where(w => w.Namespace == service.Metadata.NamespaceProperty && LabelSelectors.Matches(service.Spec?.Selector, w.PodLabels)).ToList();
            if (selected.Count == 0)
            {
                problems.Add($"Service {service.Metadata.Name}: its selector selects no pod template");
            }

            foreach (var port in service.Spec?.Ports ?? [])
            {
                IntOrString target = port.TargetPort ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (selected.Count > 0 && !selected.All(w => w.Containers.Any(c => ContainerPorts.Resolve(c, target) is { } p && ContainerPorts.Declares(c, p))))
                {
                    problems.Add($"Service {service.Metadata.Name}: targetPort {target.Value} is not a port of the selected pods");
                }
            }
        }

        foreach (var budget in manifests.OfType<V1PodDisruptionBudget>())
        {
            if (!workloads.Any(w => w.Namespace == budget.Metadata.NamespaceProperty && !LabelSelectors.IsEmpty(budget.Spec?.Selector) && LabelSelectors.Matches(budget.Spec?.Selector, w.PodLabels)))
            {
                problems.Add($"PodDisruptionBudget {budget.Metadata.Name}: its selector selects no pod template");
            }
        }

        foreach (var policy in manifests.OfType<V1NetworkPolicy>())
        {
            var podSelector = policy.Spec?.PodSelector;
            if (LabelSelectors.IsEmpty(podSelector) || !workloads.Any(w => w.Namespace == policy.Metadata.NamespaceProperty && LabelSelectors.Matches(podSelector, w.PodLabels)))
            {
                problems.Add($"NetworkPolicy {policy.Metadata.Name}: its podSelector selects no pod template");
            }

            foreach (var peer in (policy.Spec?.Ingress ?? []).SelectMany(r => r.FromProperty ?? []))
            {
                if (peer.PodSelector is { } peerSelector && peer.NamespaceSelector is null && !LabelSelectors.IsEmpty(peerSelector)
                    && !workloads.Any(w => w.Namespace == policy.Metadata.NamespaceProperty && LabelSelectors.Matches(peerSelector, w.PodLabels)))
                {
                    problems.Add($"NetworkPolicy {policy.Metadata.Name}: a 'from' podSelector selects no pod template");
                }
            }
        }

        return problems;
    }
}
