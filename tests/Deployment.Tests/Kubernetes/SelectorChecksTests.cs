using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class SelectorChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        SelectorChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_DeploymentSelectorNotInItsTemplate_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "      app.kubernetes.io/name: customerservice-silo\n  strategy:",
            "      app.kubernetes.io/name: customerservice-silos\n  strategy:");

        Assert.Contains("Deployment customerservice-silo: its selector does not select its own pod template's labels", problems);
    }

    [Fact]
    public void Check_DeploymentSelectorAlsoSelectsAnotherWorkload_Reported()
    {
        var problems = CheckWith(
            "ingress-api.yaml",
            "      app.kubernetes.io/name: customerservice-ingress-api\n  strategy:",
            "      app.kubernetes.io/part-of: customerservice\n  strategy:");

        Assert.Contains("Deployment customerservice-ingress-api: its selector also selects the pods of Deployment customerservice-silo", problems);
    }

    [Fact]
    public void Check_ServiceSelectorMatchesNoPods_Reported()
    {
        var problems = CheckWith(
            "ingress-api.yaml",
            "  selector:\n    app.kubernetes.io/name: customerservice-ingress-api\n",
            "  selector:\n    app.kubernetes.io/name: customerservice-ingress\n");

        Assert.Equal(["Service customerservice-ingress-api: its selector selects no pod template"], problems);
    }

    [Fact]
    public void Check_ServiceTargetPortNotDeclared_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "      targetPort: http", "      targetPort: web");

        Assert.Equal(["Service customerservice-ingress-api: targetPort web is not a port of the selected pods"], problems);
    }

    [Fact]
    public void Check_PodDisruptionBudgetSelectsNoPods_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: customerservice-silo",
            "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: customerservice-silos");

        Assert.Equal(["PodDisruptionBudget customerservice-silo: its selector selects no pod template"], problems);
    }

    [Fact]
    public void Check_NetworkPolicySelectsNoPods_Reported()
    {
        var problems = CheckWith(
            "networkpolicy.yaml",
            "      app.kubernetes.io/name: customerservice-silo\n  policyTypes",
            "      app.kubernetes.io/name: customerservice-silos\n  policyTypes");

        Assert.Equal(["NetworkPolicy customerservice-silo: its podSelector selects no pod template"], problems);
    }

    [Fact]
    public void Check_NetworkPolicyPeerSelectsNoPods_Reported()
    {
        var problems = CheckWith(
            "networkpolicy.yaml",
            "              app.kubernetes.io/name: customerservice-silo\n      ports:\n        - protocol: TCP\n          port: 11111",
            "              app.kubernetes.io/name: customerservice-silos\n      ports:\n        - protocol: TCP\n          port: 11111");

        Assert.Equal(["NetworkPolicy customerservice-silo: a 'from' podSelector selects no pod template"], problems);
    }
}
