using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class SecurityContextChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        SecurityContextChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_WritableRootFilesystem_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: the root filesystem is not read-only"], problems);
    }

    [Fact]
    public void Check_RunAsNonRootUnset_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "        runAsNonRoot: true\n", "");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: runAsNonRoot is not set"], problems);
    }

    [Fact]
    public void Check_PrivilegeEscalationAllowed_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: allowPrivilegeEscalation is not false"], problems);
    }

    [Fact]
    public void Check_NoWritableTmp_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "mountPath: /tmp", "mountPath: /scratch");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: no writable volume at /tmp"], problems);
    }
}
