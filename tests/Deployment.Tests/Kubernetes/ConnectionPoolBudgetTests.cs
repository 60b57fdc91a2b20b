using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ConnectionPoolBudgetTests
{
    [Fact]
    public void From_RepositoryManifests_FitsAndReadmeStatesIt()
    {
        var budget = ConnectionPoolBudget.From(ManifestSet.LoadRepository());

        Assert.Equal("(2 + 1) × 20 + (6 + 1) × 5 = 95", budget.Formula);
        Assert.Equal(100, budget.MaxConnections);
        Assert.Contains(budget.Formula, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HigherAutoscalerMaximum_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("ingress-api.yaml", "  maxReplicas: 6", "  maxReplicas: 20");

        var problems = ConnectionPoolBudget.Check(manifests);

        Assert.Equal(["PostgreSQL connections: (2 + 1) × 20 + (20 + 1) × 5 = 165, above max_connections 100 less 3 reserved"], problems);
    }

    [Fact]
    public void Check_BiggerSiloPool_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "            - name: Storage__PostgresMaxPoolSize\n              value: \"20\"", "            - name: Storage__PostgresMaxPoolSize\n              value: \"25\"");

        var problems = ConnectionPoolBudget.Check(manifests);

        Assert.Equal(["PostgreSQL connections: (2 + 1) × 25 + (6 + 1) × 5 = 110, above max_connections 100 less 3 reserved"], problems);
    }

    [Fact]
    public void From_PoolUnset_UsesTheSilosDefault()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "            - name: Storage__PostgresMaxPoolSize\n              value: \"20\"\n", "");

        var budget = ConnectionPoolBudget.From(manifests);

        Assert.Equal(Silo.Hosting.Storage.PostgresStorage.DefaultMaxPoolSize, budget.SiloPool);
    }
}
