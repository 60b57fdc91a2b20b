using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// Every object lives in the one Namespace of namespace.yaml, and every name one object gives another (ConfigMap,
/// ServiceAccount, Role, Service, scale target) is defined.
/// </summary>
public static class ReferenceChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        var namespaces = manifests.OfType<V1Namespace>().Select(n => n.Metadata.Name).ToList();
        if (namespaces.Count != 1)
        {
            problems.Add($"expected one Namespace, found {namespaces.Count}");
        }

        var home = namespaces.FirstOrDefault();
        foreach (var item in manifests.Items.Where(i => i.Manifest is not V1Namespace))
        {
            if (item.Namespace != home)
            {
                problems.Add($"{item}: namespace '{item.Namespace}' instead of '{home}'");
            }
        }

        bool Defined<T>(string? name, string? namespaceName)
            where T : k8s.IKubernetesObject<V1ObjectMeta> =>
            manifests.OfType<T>().Any(o => o.Metadata.Name == name && o.Metadata.NamespaceProperty == namespaceName);

        foreach (var workload in manifests.Workloads)
        {
            var configMaps = workload.AllContainers.SelectMany(c => c.EnvFrom ?? []).Where(e => e.ConfigMapRef is { Optional: not true }).Select(e => e.ConfigMapRef.Name)
                .Concat(workload.AllContainers.SelectMany(c => c.Env ?? []).Where(e => e.ValueFrom?.ConfigMapKeyRef is { Optional: not true }).Select(e => e.ValueFrom.ConfigMapKeyRef.Name))
                .Concat((workload.Pod.Volumes ?? []).Where(v => v.ConfigMap is { Optional: not true }).Select(v => v.ConfigMap.Name));
            foreach (var name in configMaps.Distinct())
            {
                if (!Defined<V1ConfigMap>(name, workload.Namespace))
                {
                    problems.Add($"{workload}: ConfigMap {name} is not defined");
                }
            }

            if (workload.Pod.ServiceAccountName is { } account && account != "default" && !Defined<V1ServiceAccount>(account, workload.Namespace))
            {
                problems.Add($"{workload}: ServiceAccount {account} is not defined");
            }

            var volumes = (workload.Pod.Volumes ?? []).Select(v => v.Name).ToHashSet();
            var claims = workload.Manifest is V1StatefulSet set ? (set.Spec.VolumeClaimTemplates ?? []).Select(t => t.Metadata.Name) : [];
            volumes.UnionWith(claims);
            foreach (var mount in workload.AllContainers.SelectMany(c => c.VolumeMounts ?? []))
            {
                if (!volumes.Contains(mount.Name))
                {
                    problems.Add($"{workload}: volume {mount.Name} mounted at {mount.MountPath} is not defined");
                }
            }
        }

        foreach (var binding in manifests.OfType<V1RoleBinding>())
        {
            if (binding.RoleRef.Kind != "Role" || !Defined<V1Role>(binding.RoleRef.Name, binding.Metadata.NamespaceProperty))
            {
                problems.Add($"RoleBinding {binding.Metadata.Name}: {binding.RoleRef.Kind} {binding.RoleRef.Name} is not a Role defined here");
            }

            foreach (var subject in binding.Subjects ?? [])
            {
                if (subject.Kind == "ServiceAccount" && !Defined<V1ServiceAccount>(subject.Name, subject.NamespaceProperty ?? binding.Metadata.NamespaceProperty))
                {
                    problems.Add($"RoleBinding {binding.Metadata.Name}: ServiceAccount {subject.Name} is not defined");
                }
            }
        }

        foreach (var ingress in manifests.OfType<V1Ingress>())
        {
            foreach (var backend in (ingress.Spec?.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service))
            {
                var service = manifests.OfType<V1Service>().FirstOrDefault(s => s.Metadata.Name == backend?.Name && s.Metadata.NamespaceProperty == ingress.Metadata.NamespaceProperty);
                if (service is null)
                {
                    problems.Add($"Ingress {ingress.Metadata.Name}: Service {backend?.Name} is not defined");
                }
                else if (!(service.Spec?.Ports ?? []).Any(p => (backend!.Port?.Name is { } name && p.Name == name) || (backend!.Port?.Number is { } number && p.Port == number)))
                {
                    problems.Add($"Ingress {ingress.Metadata.Name}: Service {backend!.Name} has no port {backend.Port?.Name ?? backend.Port?.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }
            }
        }

        foreach (var autoscaler in manifests.OfType<V2HorizontalPodAutoscaler>())
        {
            var target = autoscaler.Spec?.ScaleTargetRef;
            if (target?.Kind != "Deployment" || !Defined<V1Deployment>(target.Name, autoscaler.Metadata.NamespaceProperty))
            {
                problems.Add($"HorizontalPodAutoscaler {autoscaler.Metadata.Name}: {target?.Kind} {target?.Name} is not a Deployment defined here");
            }
        }

        return problems;
    }
}
