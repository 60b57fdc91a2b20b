using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ClusterIdentityChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        ClusterIdentityChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_SiloLabelDiffersFromClusterId_Reported()
    {
        var problems = CheckWith("silo.yaml", "        orleans/clusterId: production", "        orleans/clusterId: staging");

        Assert.Equal(
            [
                "Deployment customerservice-silo: pod label orleans/clusterId=staging but its silo runs with production",
                "Deployment customerservice-ingress-api container ingress-api: joins customerservice/production, but the silo pods of Deployment customerservice-silo are labelled customerservice/staging",
            ],
            problems);
    }

    [Fact]
    public void Check_IngressJoinsAnotherCluster_Reported()
    {
        var problems = CheckWith(
            "ingress-api.yaml",
            "            - name: Cluster__Mode\n              value: \"Client\"",
            "            - name: Cluster__Mode\n              value: \"Client\"\n            - name: Cluster__ClusterId\n              value: \"staging\"");

        Assert.Equal(
            ["Deployment customerservice-ingress-api container ingress-api: joins customerservice/staging, but the silo pods of Deployment customerservice-silo are labelled customerservice/production"],
            problems);
    }

    [Fact]
    public void Check_SiloLabelMissing_Reported()
    {
        var problems = CheckWith("silo.yaml", "        orleans/serviceId: customerservice\n", "");

        Assert.Equal(
            [
                "Deployment customerservice-silo: pod label orleans/serviceId is missing",
                "Deployment customerservice-ingress-api container ingress-api: joins customerservice/production, but the silo pods of Deployment customerservice-silo are labelled /production",
            ],
            problems);
    }

    [Fact]
    public void Check_IngressNotInClientMode_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            - name: Cluster__Mode\n              value: \"Client\"\n", "");

        Assert.Contains("no ingress in Client mode: no container sets Cluster__ServiceId with Cluster__Mode=Client", problems);
    }

    [Fact]
    public void Check_ProviderNotRedis_Reported()
    {
        var problems = CheckWith("config.yaml", "  Cluster__Provider: \"Redis\"", "  Cluster__Provider: \"Localhost\"");

        Assert.Equal(
            [
                "Deployment customerservice-silo container silo: Cluster__Provider is not Redis",
                "Deployment customerservice-ingress-api container ingress-api: Cluster__Provider is not Redis",
            ],
            problems);
    }
}
