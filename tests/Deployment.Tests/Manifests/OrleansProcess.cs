using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>
/// A container that runs an Orleans process of this application: one whose environment names a cluster
/// (<c>Cluster__ServiceId</c>). It is a client when <c>Cluster__Mode</c> is <c>Client</c>, and a silo otherwise.
/// </summary>
public sealed record OrleansProcess(PodWorkload Workload, V1Container Container, IReadOnlyDictionary<string, EnvironmentValue> Environment)
{
    public bool IsClient => Environment.LiteralOf(SettingNames.ClusterModeName) == nameof(Silo.Hosting.ClusterMode.Client);

    public string? ServiceId => Environment.LiteralOf(SettingNames.ClusterServiceId);

    public string? ClusterId => Environment.LiteralOf(SettingNames.ClusterClusterId);

    public override string ToString() => $"{Workload} container {Container.Name}";

    public static IReadOnlyList<OrleansProcess> All(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        return
        [
            .. from workload in manifests.Workloads
               from container in workload.Containers
               let environment = ContainerEnvironment.Resolve(manifests, workload.Namespace, container)
               where environment.ContainsKey(SettingNames.ClusterServiceId)
               select new OrleansProcess(workload, container, environment),
        ];
    }

    public static IReadOnlyList<OrleansProcess> Silos(ManifestSet manifests) => [.. All(manifests).Where(p => !p.IsClient)];

    public static IReadOnlyList<OrleansProcess> Clients(ManifestSet manifests) => [.. All(manifests).Where(p => p.IsClient)];
}
