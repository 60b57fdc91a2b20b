using k8s;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>One object of a manifest file, as the strict YAML loader typed it.</summary>
public sealed record LoadedManifest(string File, IKubernetesObject<V1ObjectMeta> Manifest)
{
    public string Kind => Manifest.Kind;

    public string Name => Manifest.Metadata.Name;

    /// <summary>The namespace written in the manifest (null for cluster-scoped objects, or when left out).</summary>
    public string? Namespace => Manifest.Metadata.NamespaceProperty;

    public override string ToString() => $"{File}: {Kind} {Name}";
}
