using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ReferenceChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        ReferenceChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_ObjectInAnotherNamespace_Reported()
    {
        var problems = CheckWith("config.yaml", "  name: customerservice-config\n  namespace: customerservice", "  name: customerservice-config\n  namespace: default");

        Assert.Equal(
            [
                "Deployment customerservice-ingress-api: ConfigMap customerservice-config is not defined",
                "Deployment customerservice-silo: ConfigMap customerservice-config is not defined",
                "config.yaml: ConfigMap customerservice-config: namespace 'default' instead of 'customerservice'",
            ],
            problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_UndefinedServiceAccount_Reported()
    {
        var problems = CheckWith("silo.yaml", "      serviceAccountName: customerservice-silo", "      serviceAccountName: customerservice-silos");

        Assert.Equal(["Deployment customerservice-silo: ServiceAccount customerservice-silos is not defined"], problems);
    }

    [Fact]
    public void Check_RoleBindingToUndefinedRole_Reported()
    {
        var problems = CheckWith("rbac.yaml", "  kind: Role\n  name: customerservice-silo\n", "  kind: Role\n  name: customerservice-silo-x\n");

        Assert.Equal(["RoleBinding customerservice-silo: Role customerservice-silo-x is not a Role defined here"], problems);
    }

    [Fact]
    public void Check_IngressBackendPortNotOnService_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "                port:\n                  name: http", "                port:\n                  name: https");

        Assert.Equal(["Ingress customerservice-ingress-api: Service customerservice-ingress-api has no port https"], problems);
    }

    [Fact]
    public void Check_AutoscalerTargetUndefined_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "    kind: Deployment\n    name: customerservice-ingress-api", "    kind: Deployment\n    name: customerservice-ingress");

        Assert.Equal(["HorizontalPodAutoscaler customerservice-ingress-api: Deployment customerservice-ingress is not a Deployment defined here"], problems);
    }

    [Fact]
    public void Check_MountOfUndefinedVolume_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            - name: tmp\n              mountPath: /tmp", "            - name: scratch\n              mountPath: /tmp");

        Assert.Equal(["Deployment customerservice-ingress-api: volume scratch mounted at /tmp is not defined"], problems);
    }
}
