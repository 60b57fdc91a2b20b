using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class SiloChecksTests
{
    private const string Silo = "Deployment customerservice-silo";

    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        SiloChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_OneReplica_Reported()
    {
        var problems = CheckWith("silo.yaml", "  replicas: 2", "  replicas: 1");

        Assert.Equal([$"{Silo}: fewer than 2 replicas"], problems);
    }

    [Fact]
    public void Check_PodIpFromTheWrongField_Reported()
    {
        var problems = CheckWith("silo.yaml", "fieldPath: status.podIP", "fieldPath: status.hostIP");

        Assert.Equal([$"{Silo} container silo: POD_IP does not come from the downward API's status.podIP"], problems);
    }

    [Fact]
    public void Check_ClusterIdVariableNotFromTheLabel_Reported()
    {
        var problems = CheckWith("silo.yaml", "fieldPath: metadata.labels['orleans/clusterId']", "fieldPath: metadata.labels['orleans/serviceId']");

        Assert.Equal([$"{Silo} container silo: ORLEANS_CLUSTER_ID does not come from the downward API's metadata.labels['orleans/clusterId']"], problems);
    }

    [Fact]
    public void Check_MigrateMissing_Reported()
    {
        var problems = CheckWith("silo.yaml", "args: [\"migrate\"]", "args: [\"migrat\"]");

        Assert.Equal([$"{Silo}: needs one initContainer running the image's 'migrate' command"], problems);
    }

    [Fact]
    public void Check_MigrateWithTheDataRoleSecret_Reported()
    {
        var problems = CheckWith("silo.yaml", "name: customerservice-postgres-owner", "name: customerservice-postgres");

        Assert.Equal([$"{Silo}: the migrate initContainer's owner role must come from another Secret than the silo's ConnectionStrings__postgres"], problems);
    }

    [Fact]
    public void Check_MigrateConnectionStringMisnamed_Reported()
    {
        var problems = CheckWith("silo.yaml", "- name: ConnectionStrings__postgres-migrate", "- name: ConnectionStrings__postgres_migrate");

        Assert.Equal([$"{Silo}: the migrate initContainer does not get ConnectionStrings__postgres-migrate from a Secret"], problems);
    }

    [Fact]
    public void Check_MigrateAlsoGetsTheDataRole_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "                  name: customerservice-postgres-owner\n                  key: connection-string\n",
            "                  name: customerservice-postgres-owner\n                  key: connection-string\n" +
            "            - name: ConnectionStrings__postgres\n              valueFrom:\n                secretKeyRef:\n                  name: customerservice-postgres\n                  key: connection-string\n");

        Assert.Equal([$"{Silo}: the migrate initContainer must not get the data-only ConnectionStrings__postgres"], problems);
    }

    [Fact]
    public void Check_MigrateRunsAnotherImage_Reported()
    {
        var problems = CheckWith("silo.yaml", "silo:1.0.0\n          args: [\"migrate\"]", "silo:0.9.0\n          args: [\"migrate\"]");

        Assert.Equal([$"{Silo}: the migrate initContainer's image registry.example.com/customerservice/silo:0.9.0 is not the silo's registry.example.com/customerservice/silo:1.0.0"], problems);
    }

    [Fact]
    public void Check_RoleWithoutDelete_Reported()
    {
        var problems = CheckWith("rbac.yaml", "verbs: [\"get\", \"patch\", \"list\", \"watch\", \"delete\"]", "verbs: [\"get\", \"patch\", \"list\", \"watch\"]");

        Assert.Equal([$"{Silo}: ServiceAccount customerservice-silo may not delete pods"], problems);
    }

    [Fact]
    public void Check_NoServiceAccountToken_Reported()
    {
        var problems = CheckWith("silo.yaml", "      serviceAccountName: customerservice-silo\n", "      serviceAccountName: customerservice-silo\n      automountServiceAccountToken: false\n");

        Assert.Equal([$"{Silo}: needs its own ServiceAccount with a mounted token (UseKubernetesHosting calls the API)"], problems);
    }

    [Fact]
    public void Check_DisruptionBudgetAllowsTwo_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: customerservice-silo",
            "  maxUnavailable: 2\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: customerservice-silo");

        Assert.Equal([$"{Silo}: needs one PodDisruptionBudget with maxUnavailable: 1"], problems);
    }

    [Fact]
    public void Check_ReadinessNotOnTheAdminPort_Reported()
    {
        var problems = CheckWith("silo.yaml", "              path: /readyz\n              port: admin", "              path: /readyz\n              port: gateway");

        Assert.Equal([$"{Silo} container silo: the readiness probe does not ask the admin port"], problems);
    }

    [Fact]
    public void Check_AdminPortNotDeclared_Reported()
    {
        var problems = CheckWith("config.yaml", "  Cluster__AdminPort: \"8081\"", "  Cluster__AdminPort: \"9090\"");

        Assert.Equal(
            [
                $"{Silo} container silo: Cluster__AdminPort=9090 is not a declared container port",
                $"{Silo} container silo: the liveness probe does not ask the admin port",
                $"{Silo} container silo: the readiness probe does not ask the admin port",
            ],
            problems);
    }
}
