using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class IngressChecksTests
{
    private const string Container = "Deployment customerservice-ingress-api container ingress-api";

    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        IngressChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_UrlsUnset_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            - name: Urls\n              value: \"http://+:8080\"\n", "");

        Assert.Equal([$"{Container}: Urls is not set in its env (appsettings.json's loopback Urls would win)"], problems);
    }

    [Fact]
    public void Check_UrlsOnLoopback_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "value: \"http://+:8080\"", "value: \"http://127.0.0.1:8080\"");

        Assert.Equal([$"{Container}: Urls=http://127.0.0.1:8080 does not listen on all addresses"], problems);
    }

    [Fact]
    public void Check_UrlsOnUndeclaredPort_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "value: \"http://+:8080\"", "value: \"http://+:5080\"");

        Assert.Equal(
            [
                $"{Container}: Urls listens on 5080, which is not a declared container port",
                $"{Container}: the readiness probe does not ask the port Urls listens on",
            ],
            problems);
    }

    [Fact]
    public void Check_RollingUpdateMayRemoveAPod_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "      maxUnavailable: 0", "      maxUnavailable: 1");

        Assert.Equal(["Deployment customerservice-ingress-api: rollingUpdate.maxUnavailable is not 0"], problems);
    }

    [Fact]
    public void Check_NoPreStopSleep_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            preStop:\n              sleep:\n                seconds: 10", "            preStop:\n              sleep:\n                seconds: 0");

        Assert.Equal([$"{Container}: no preStop sleep"], problems);
    }

    [Fact]
    public void Check_AutoscalerWithoutScaleDownStabilisation_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "      stabilizationWindowSeconds: 300\n", "");

        Assert.Equal(["HorizontalPodAutoscaler customerservice-ingress-api: no scale-down stabilisation window"], problems);
    }

    [Fact]
    public void Check_PublicMetricsPath_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "          - path: /wechat", "          - path: /metrics");

        Assert.Equal(["Ingress customerservice-ingress-api: path /metrics (Prefix) exposes /metrics"], problems);
    }

    [Fact]
    public void Check_PublicRootPath_ReportsEveryInternalPath()
    {
        var problems = CheckWith("ingress-api.yaml", "          - path: /wechat", "          - path: /");

        Assert.Equal(
            [.. IngressChecks.InternalPaths.Select(p => $"Ingress customerservice-ingress-api: path / (Prefix) exposes {p}")],
            problems);
    }

    [Fact]
    public void Check_NoCertManagerAnnotation_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "    cert-manager.io/cluster-issuer: letsencrypt\n", "");

        Assert.Equal(["Ingress customerservice-ingress-api: no cert-manager issuer annotation"], problems);
    }

    [Fact]
    public void Check_HostWithoutTls_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "    - host: cs.example.com", "    - host: other.example.com");

        Assert.Equal(["Ingress customerservice-ingress-api: host 'other.example.com' is not covered by spec.tls with a secretName"], problems);
    }

    [Theory]
    [InlineData("/wechat", "Prefix", "/api", false)]
    [InlineData("/api", "Prefix", "/api/status", true)]
    [InlineData("/api/", "Prefix", "/api", true)]
    [InlineData("/ap", "Prefix", "/api", false)]
    [InlineData("/", "Prefix", "/metrics", true)]
    [InlineData("/metrics", "Exact", "/metrics", true)]
    [InlineData("/metrics", "Exact", "/metrics/x", false)]
    [InlineData("/ap", "ImplementationSpecific", "/api", true)]
    public void Routes_PathAndType_MatchesAsTheIngressWould(string path, string pathType, string target, bool expected)
    {
        Assert.Equal(expected, IngressChecks.Routes(path, pathType, target));
    }
}
