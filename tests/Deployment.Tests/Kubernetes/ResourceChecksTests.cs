using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ResourceChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        ResourceChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_CpuLimit_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            limits:\n              memory: 512Mi", "            limits:\n              cpu: \"1\"\n              memory: 512Mi");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: a CPU limit"], problems);
    }

    [Fact]
    public void Check_NoCpuRequest_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            requests:\n              cpu: 250m\n", "            requests:\n");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: no CPU request"], problems);
    }

    [Fact]
    public void Check_NoMemoryLimit_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            limits:\n              memory: 512Mi\n", "");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: no memory limit"], problems);
    }

    [Fact]
    public void Check_MemoryLimitBelowRequest_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            limits:\n              memory: 512Mi", "            limits:\n              memory: 256Mi");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: memory limit below its request"], problems);
    }

    [Fact]
    public void Check_InitContainerWithoutResources_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 128Mi\n",
            "");

        Assert.Equal(
            [
                "Deployment customerservice-silo container migrate: no CPU request",
                "Deployment customerservice-silo container migrate: no memory request",
                "Deployment customerservice-silo container migrate: no memory limit",
            ],
            problems);
    }
}
