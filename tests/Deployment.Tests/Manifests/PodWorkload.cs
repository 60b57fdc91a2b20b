using k8s;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>A Deployment or StatefulSet seen through what the checks need: its selector and its pod template.</summary>
public sealed record PodWorkload(
    IKubernetesObject<V1ObjectMeta> Manifest,
    V1LabelSelector? Selector,
    V1PodTemplateSpec Template,
    int? Replicas)
{
    public string Kind => Manifest.Kind;

    public string Name => Manifest.Metadata.Name;

    public string? Namespace => Manifest.Metadata.NamespaceProperty;

    public V1PodSpec Pod => Template.Spec;

    public IDictionary<string, string> PodLabels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public IEnumerable<V1Container> Containers => Pod.Containers ?? [];

    public IEnumerable<V1Container> InitContainers => Pod.InitContainers ?? [];

    public IEnumerable<V1Container> AllContainers => InitContainers.Concat(Containers);

    public override string ToString() => $"{Kind} {Name}";

    public static PodWorkload? From(LoadedManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Manifest switch
        {
            V1Deployment d => new PodWorkload(d, d.Spec?.Selector, d.Spec?.Template ?? new V1PodTemplateSpec(), d.Spec?.Replicas),
            V1StatefulSet s => new PodWorkload(s, s.Spec?.Selector, s.Spec?.Template ?? new V1PodTemplateSpec(), s.Spec?.Replicas),
            _ => null,
        };
    }
}
