using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>
/// One environment variable of a container as the kubelet would set it: a literal (from <c>env</c> or from a
/// ConfigMap through <c>envFrom</c>), a Secret key, or a downward-API field.
/// </summary>
public sealed record EnvironmentValue(string Name, string Origin)
{
    public string? Literal { get; init; }

    public V1SecretKeySelector? SecretKey { get; init; }

    public string? FieldPath { get; init; }

    /// <summary>Set through <c>envFrom</c> with a whole Secret, so that nobody can tell from the manifest what it holds.</summary>
    public bool FromWholeSecret { get; init; }

    public override string ToString() => $"{Name} ({Origin})";
}
