using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Simulator.WeChat;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// The ingress as an Orleans client (<c>Cluster:Mode = Client</c>) of a standalone silo, over Redis membership and
/// PostgreSQL state, each its own process on loopback: it waits for the cluster instead of crash-looping, becomes
/// ready once a silo is up, answers WeChat end to end, and holds pushes (never a 5xx) while the database is down.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "Redis")]
public sealed class ClientModeIngressTests(ClientModeClusterFixture cluster) : IClassFixture<ClientModeClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Ingress_StartedBeforeAnySilo_KeptRetryingLiveButNotReady()
    {
        Assert.Contains("SiloUnavailableException", cluster.RetryLineBeforeAnySilo, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), (cluster.LivenessBeforeAnySilo, cluster.ReadinessBeforeAnySilo));
        Assert.False(cluster.Ingress.HasExited);
    }

    [Fact]
    public async Task Ingress_SiloJoinedLater_ReadyAndAnswersAPushEndToEnd()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var wechat = ClusterTestAccount.Simulator(http, cluster.Ingress.ProbeAddress);
        var question = SampleFaq.Questions(1)[0];

        var exchange = await wechat.SendTextAsync(NewUser(), question, Ct);
        var ingressReady = await cluster.Ingress.StatusAsync("/readyz", Ct);
        var siloReady = await cluster.Silo.StatusAsync("/readyz", Ct);
        await using var observer = await TestClusterClient.ConnectAsync(cluster.Identity, Ct);
        var conversations = await observer.ConversationsBySiloAsync();

        Assert.Equal(SampleFaq.AnswerOf(question), exchange.ReplyText);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (ingressReady, siloReady));
        // The conversation lives on the one silo, at the address it registered on loopback.
        var (siloAddress, count) = Assert.Single(conversations);
        Assert.StartsWith($"127.0.0.1:{cluster.Silo.Settings["Cluster:SiloPort"]}@", siloAddress, StringComparison.Ordinal);
        Assert.True(count >= 1, $"{count} conversation activations");
    }

    // What the ingress took from a co-hosted silo's container before (options, account registry, the status reader
    // and its grain factory) works the same as a client: the per-account grains answer from the silo.
    [Fact]
    public async Task Status_ClientMode_ReportsTheAccountFromTheClustersGrains()
    {
        using var http = new HttpClient { BaseAddress = cluster.Ingress.ProbeAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/status", UriKind.Relative));
        request.Headers.Add("X-Api-Key", ClientModeClusterFixture.AdminApiKey);

        using var response = await http.SendAsync(request, Ct);
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = Assert.Single(report.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal(
            (ClusterTestAccount.AppId, "Passive", "passive"),
            (account.GetProperty("account").GetString(), account.GetProperty("replyMode").GetString(), account.GetProperty("effectiveMode").GetString()));
    }

    // PostgreSQL refuses every connection: the push cannot be recorded, so it is held with no answer (WeChat's
    // attempt times out and it retries), never answered with a 5xx. WeChat's retry after the outage (the same MsgId)
    // gets the answer.
    [Fact]
    public async Task Push_WhilePostgresIsDown_HeldWithoutAnyResponseThenAnsweredOnWeChatsRetry()
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var wechat = ClusterTestAccount.Simulator(http, cluster.Ingress.ProbeAddress, attempts: 1);
        var question = SampleFaq.Questions(2)[1];
        var push = WeChatPushBuilder.Text(ClusterTestAccount.OriginalId, NewUser(), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), question, WeChatUserSimulator.NewMessageId());
        var outage = new PostgresOutage(cluster.Database);

        await outage.BeginAsync();
        SimulatedExchange duringOutage;
        try
        {
            duringOutage = await wechat.SendPushAsync(push, Ct);
        }
        finally
        {
            await outage.EndAsync();
        }

        var retry = await wechat.SendPushAsync(push, Ct);

        var attempt = Assert.Single(duringOutage.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.True(duringOutage.ServiceUnavailable, WeChatUserSimulator.Describe(duringOutage));
        Assert.Equal(SampleFaq.AnswerOf(question), retry.ReplyText);
    }

    private static string NewUser() => "oCluster" + Guid.NewGuid().ToString("N");
}
