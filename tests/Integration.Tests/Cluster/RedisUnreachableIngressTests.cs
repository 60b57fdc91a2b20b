using System.Globalization;
using System.Net;
using CustomerService.Integration.Tests.Hosting;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// A Client-mode ingress whose Redis (the membership table) cannot be reached: it stays up and keeps trying, live but
/// not ready, and holds a verified push with no answer so that WeChat retries; it never answers with a 5xx.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "Redis")]
public sealed class RedisUnreachableIngressTests : IAsyncLifetime
{
    private readonly TestClusterIdentity _identity = TestClusterIdentity.New();
    private HostProcess _ingress = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        // A loopback port nobody listens on: every connection to "Redis" is refused.
        var closedPort = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
        _ingress = ClusterProcesses.StartIngress(_identity, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{closedPort}",
            ["Channels:WeChat:HoldMaxSeconds"] = "5",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task Ingress_RedisUnreachable_KeepsRetryingAndHoldsPushesWithoutAnyResponse()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var wechat = ClusterTestAccount.Simulator(http, _ingress.ProbeAddress, attempts: 1);

        var retrying = await _ingress.Output.WaitForAsync(l => l.Contains("Cannot reach the cluster yet (attempt 1,", StringComparison.Ordinal), Ct);
        var live = await _ingress.WaitForStatusAsync("/healthz", _ => true, Ct);
        var ready = await _ingress.StatusAsync("/readyz", Ct);
        var exchange = await wechat.SendTextAsync("oRedisDown" + Guid.NewGuid().ToString("N"), "什么时候发货", Ct);
        var held = await _ingress.Output.WaitForAsync(l => l.Contains("no silo is available; holding the request", StringComparison.Ordinal), Ct);

        Assert.Contains("RedisConnectionException", retrying, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), (live, ready));
        var attempt = Assert.Single(exchange.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("oRedisDown", held, StringComparison.Ordinal);
        Assert.False(_ingress.HasExited);
    }

    // The ingress's Redis check (cs.dependency.up) says what readiness deliberately does not: Redis is down.
    [Fact]
    public async Task Metrics_RedisUnreachable_DependencyGaugeIsZero()
    {
        using var http = new HttpClient { BaseAddress = _ingress.ProbeAddress };
        await _ingress.WaitForStatusAsync("/healthz", _ => true, Ct);
        var down = await _ingress.Output.WaitForAsync(l => l.Contains("Dependency redis does not answer", StringComparison.Ordinal), Ct);

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Matches(new System.Text.RegularExpressions.Regex("""^cs_dependency_up\{[^}]*dependency="redis"[^}]*\} 0$""", System.Text.RegularExpressions.RegexOptions.Multiline), metrics);
        Assert.DoesNotContain("password", down, StringComparison.OrdinalIgnoreCase);
    }
}
