using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class DevelopmentOnlyChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        DevelopmentOnlyChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_RedisMayEvict_Reported()
    {
        var problems = CheckWith("redis.yaml", "            - noeviction", "            - allkeys-lru");

        Assert.Equal(["StatefulSet customerservice-redis container redis: Redis without --maxmemory-policy noeviction"], problems);
    }

    [Fact]
    public void Check_RedisWithoutPersistence_Reported()
    {
        var problems = CheckWith("redis.yaml", "            - --appendonly\n            - \"yes\"", "            - --appendonly\n            - \"no\"");

        Assert.Equal(["StatefulSet customerservice-redis container redis: Redis without persistence (--appendonly yes)"], problems);
    }

    [Fact]
    public void Check_ExampleStatefulSetNotMarked_Reported()
    {
        var problems = CheckWith(
            "postgres.yaml",
            "kind: StatefulSet\nmetadata:\n  name: customerservice-postgres\n  namespace: customerservice\n  labels:\n    app.kubernetes.io/name: customerservice-postgres\n    app.kubernetes.io/part-of: customerservice\n  annotations:\n    customerservice/development-only: \"true\"\n",
            "kind: StatefulSet\nmetadata:\n  name: customerservice-postgres\n  namespace: customerservice\n  labels:\n    app.kubernetes.io/name: customerservice-postgres\n    app.kubernetes.io/part-of: customerservice\n");

        Assert.Equal(["StatefulSet customerservice-postgres: example StatefulSets carry the annotation customerservice/development-only: \"true\""], problems);
    }

    [Fact]
    public void Check_ApplicationMarkedDevelopmentOnly_Reported()
    {
        var problems = CheckWith(
            "silo.yaml",
            "  name: customerservice-silo\n  namespace: customerservice\n  labels:\n    app.kubernetes.io/name: customerservice-silo\n    app.kubernetes.io/part-of: customerservice\nspec:\n  replicas",
            "  name: customerservice-silo\n  namespace: customerservice\n  annotations:\n    customerservice/development-only: \"true\"\n  labels:\n    app.kubernetes.io/name: customerservice-silo\n    app.kubernetes.io/part-of: customerservice\nspec:\n  replicas");

        Assert.Equal(["Deployment customerservice-silo: the application itself is not development-only"], problems);
    }
}
