using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ConnectionPoolBudgetTests
{
    [Fact]
    public void From_RepositoryManifests_FitsAndReadmeStatesIt()
    {
        var budget = ConnectionPoolBudget.From(ManifestSet.LoadRepository());

        Assert.Equal("(2 + 1) × 20 = 60", budget.Formula);
        Assert.Equal(100, budget.MaxConnections);
        Assert.Contains(budget.Formula, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MoreSilos_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "  replicas: 2", "  replicas: 4");

        var problems = ConnectionPoolBudget.Check(manifests);

        Assert.Equal(["PostgreSQL connections: (4 + 1) × 20 = 100, above max_connections 100 less 3 reserved"], problems);
    }

    [Fact]
    public void Check_IngressThatConnects_CountsTheAutoscalersMaximum()
    {
        // An ingress given the database (as one hosting its own silo would be) opens a pool in every pod the HPA may run.
        var manifests = ManifestSet.LoadRepositoryWith(
            "ingress-api.yaml",
            "            - name: ConnectionStrings__redis\n",
            "            - name: ConnectionStrings__postgres\n              valueFrom:\n                secretKeyRef:\n                  name: customerservice-postgres\n                  key: connection-string\n" +
            "            - name: Storage__PostgresMaxPoolSize\n              value: \"5\"\n            - name: ConnectionStrings__redis\n");

        var budget = ConnectionPoolBudget.From(manifests);

        Assert.Equal("(2 + 1) × 20 + (6 + 1) × 5 = 95", budget.Formula);
    }

    [Fact]
    public void Check_BiggerSiloPool_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "            - name: Storage__PostgresMaxPoolSize\n              value: \"20\"", "            - name: Storage__PostgresMaxPoolSize\n              value: \"35\"");

        var problems = ConnectionPoolBudget.Check(manifests);

        Assert.Equal(["PostgreSQL connections: (2 + 1) × 35 = 105, above max_connections 100 less 3 reserved"], problems);
    }

    [Fact]
    public void From_PoolUnset_UsesTheSilosDefault()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "            - name: Storage__PostgresMaxPoolSize\n              value: \"20\"\n", "");

        var budget = ConnectionPoolBudget.From(manifests);

        Assert.Equal(Silo.Hosting.Storage.PostgresStorage.DefaultMaxPoolSize, budget.SiloPool);
    }
}
