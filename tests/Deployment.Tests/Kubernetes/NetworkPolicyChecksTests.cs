using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class NetworkPolicyChecksTests
{
    private const string GatewayPeers = "    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: customerservice-ingress-api\n";

    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        NetworkPolicyChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_GatewayOpenToOtherNamespaces_Reported()
    {
        var problems = CheckWith("networkpolicy.yaml", GatewayPeers, GatewayPeers + "        - namespaceSelector: {}\n");

        Assert.Equal(["Deployment customerservice-silo: port 30000 (NetworkPolicy customerservice-silo) is admitted from other namespaces' pods"], problems);
    }

    [Fact]
    public void Check_GatewayOpenToAnIpBlock_Reported()
    {
        var problems = CheckWith("networkpolicy.yaml", GatewayPeers, GatewayPeers + "        - ipBlock:\n            cidr: 0.0.0.0/0\n");

        Assert.Equal(["Deployment customerservice-silo: port 30000 (NetworkPolicy customerservice-silo) is admitted from an ipBlock"], problems);
    }

    [Fact]
    public void Check_GatewayOpenToAPodOutsideTheCluster_Reported()
    {
        var problems = CheckWith(
            "networkpolicy.yaml",
            GatewayPeers,
            GatewayPeers + "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: customerservice-redis\n");

        Assert.Equal(["Deployment customerservice-silo: port 30000 (NetworkPolicy customerservice-silo) is admitted from StatefulSet customerservice-redis, which is not part of the Orleans cluster"], problems);
    }

    [Fact]
    public void Check_SiloPortRuleWithoutFrom_Reported()
    {
        var problems = CheckWith(
            "networkpolicy.yaml",
            "    # Silo to silo.\n    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: customerservice-silo\n      ports:",
            "    # Silo to silo.\n    - ports:");

        Assert.Equal(["Deployment customerservice-silo: port 11111 (NetworkPolicy customerservice-silo) is admitted from everywhere (a rule without 'from')"], problems);
    }

    [Fact]
    public void Check_AdminRuleAlsoAdmitsTheGateway_Reported()
    {
        var problems = CheckWith("networkpolicy.yaml", "          port: 8081", "          port: 8081\n        - protocol: TCP\n          port: 30000");

        Assert.Equal(
            [
                "Deployment customerservice-silo: port 30000 (NetworkPolicy customerservice-silo) is admitted from every pod of the namespace",
                "Deployment customerservice-silo: port 30000 (NetworkPolicy customerservice-silo) is admitted from other namespaces' pods",
            ],
            problems);
    }

    [Fact]
    public void Check_SilosNotIsolated_Reported()
    {
        var problems = CheckWith("networkpolicy.yaml", "  policyTypes: [\"Ingress\"]\n  ingress:\n    # Silo to silo.", "  policyTypes: [\"Egress\"]\n  ingress:\n    # Silo to silo.");

        Assert.Equal(
            [
                "Deployment customerservice-silo: port 11111 is open to every pod: no NetworkPolicy isolates Deployment customerservice-silo's ingress",
                "Deployment customerservice-silo: port 30000 is open to every pod: no NetworkPolicy isolates Deployment customerservice-silo's ingress",
            ],
            problems);
    }
}
