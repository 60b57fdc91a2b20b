using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ProbeChecksTests
{
    private const string IngressReadiness = """
                  readinessProbe:
                    httpGet:
                      path: /readyz
                      port: http
                    periodSeconds: 5
                    timeoutSeconds: 3
                    failureThreshold: 2

        """;

    private const string SiloLiveness = """
                  livenessProbe:
                    httpGet:
                      path: /healthz
                      port: admin
                    periodSeconds: 10
                    timeoutSeconds: 3
                    failureThreshold: 3

        """;

    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        ProbeChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_IngressWithoutReadinessProbe_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", IngressReadiness, "");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: no readiness probe"], problems);
    }

    [Fact]
    public void Check_SiloWithoutLivenessProbe_Reported()
    {
        var problems = CheckWith("silo.yaml", SiloLiveness, "");

        Assert.Equal(["Deployment customerservice-silo container silo: no liveness probe"], problems);
    }

    [Fact]
    public void Check_StatefulSetWithoutReadinessProbe_Reported()
    {
        var problems = CheckWith(
            "redis.yaml",
            "          readinessProbe:\n            exec:\n              command: [\"sh\", \"-c\", \"redis-cli -a \\\"$REDIS_PASSWORD\\\" --no-auth-warning ping | grep -q PONG\"]\n            periodSeconds: 5\n",
            "");

        Assert.Equal(["StatefulSet customerservice-redis container redis: no readiness probe"], problems);
    }

    [Fact]
    public void Check_LivenessAsksReadiness_Reported()
    {
        var problems = CheckWith("silo.yaml", "              path: /healthz\n              port: admin\n            periodSeconds: 10", "              path: /readyz\n              port: admin\n            periodSeconds: 10");

        Assert.Equal(["Deployment customerservice-silo container silo: the liveness probe asks /readyz, not /healthz"], problems);
    }

    [Fact]
    public void Check_ProbeOnUndeclaredPort_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "              path: /readyz\n              port: http", "              path: /readyz\n              port: 8081");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: the readiness probe's port 8081 is not a declared container port"], problems);
    }
}
