using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ManifestLoadingTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
          namespace: customerservice
        data:
          key: value
        """;

    [Fact]
    public void LoadRepository_EveryComponent_LoadsInStrictMode()
    {
        var manifests = ManifestSet.LoadRepository();

        var files = manifests.Items.Select(i => i.File).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
            ["config.yaml", "ingress-api.yaml", "namespace.yaml", "networkpolicy.yaml", "postgres.yaml", "rbac.yaml", "redis.yaml", "silo.yaml"],
            files);
        Assert.Single(manifests.OfType<V1Namespace>());
        Assert.Equal(["customerservice-ingress-api", "customerservice-silo"], manifests.OfType<V1Deployment>().Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_MisspeltField_Throws()
    {
        var misspelt = ConfigMap.Replace("  namespace: customerservice", "  namespace: customerservice\n  lables: {}", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("config.yaml", misspelt)));

        Assert.StartsWith("config.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lables'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspeltFieldDeepInAPodTemplate_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ManifestSet.LoadRepositoryWith("silo.yaml", "          readinessProbe:", "          readinesProbe:"));

        Assert.Contains("'readinesProbe'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyDocumentBetweenSeparators_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("a.yaml", ConfigMap + "\n---\n# nothing\n---\n" + ConfigMap.Replace("name: a", "name: b", StringComparison.Ordinal))));

        Assert.Equal("a.yaml: document 2 of 3 is empty.", error.Message);
    }

    [Fact]
    public void Load_TrailingSeparator_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("a.yaml", ConfigMap + "\n---\n")));

        Assert.Equal("a.yaml: document 2 of 2 is empty.", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("a.yaml", "# only a comment\n")));

        Assert.Equal("a.yaml: document 1 of 1 is empty.", error.Message);
    }

    [Fact]
    public void Load_UnknownKind_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("a.yaml", ConfigMap.Replace("kind: ConfigMap", "kind: ConfigMapp", StringComparison.Ordinal))));

        Assert.StartsWith("a.yaml: unknown or missing apiVersion/kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameObjectTwice_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ManifestSet.Load(("a.yaml", ConfigMap), ("b.yaml", ConfigMap)));

        Assert.Equal("ConfigMap a is defined twice: a.yaml, b.yaml.", error.Message);
    }
}
