using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> on the co-hosted ingress serves Prometheus text with our instruments. Meters are process-wide, so
/// the test reads one series before and after its own push: the series must grow, whatever other hosts in this
/// process do.
/// </summary>
public sealed partial class MetricsEndpointTests(RealSiloFixture host) : IClassFixture<RealSiloFixture>
{
    [Fact]
    public async Task GetMetrics_AfterAnImagePush_CountsThePushAndServesTheAckHistogramWithTheBudgetBucket()
    {
        var before = PushesOfKindImage(await ScrapeAsync());
        var push = WeChatPushBuilder.Image(TestAccount.OriginalId, "oMetrics" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "http://mmbiz.example/pic.jpg", "media-1", WeChatUserSimulator.NewMessageId());
        var exchange = await TestAccount.Simulator(host.Client).SendPushAsync(push, TestContext.Current.CancellationToken);

        var after = await ScrapeAsync();

        Assert.Null(exchange.Error);
        Assert.True(PushesOfKindImage(after) > before, $"cs_conversation_pushes_total{{kind=\"image\"}} went from {before} to {PushesOfKindImage(after)}");
        Assert.Matches(AckBudgetBucket(), after);
        Assert.Matches(AnswerOfCannedPath(), after);
    }

    // A wrong Token shows first when the URL is saved in the MP console: the GET check counts as unauthorized too.
    [Fact]
    public async Task GetMetrics_AfterAUrlVerificationWithAWrongSignature_CountsItAsUnauthorized()
    {
        var before = Count(UnauthorizedRejections(), await ScrapeAsync());
        var query = WeChatRequests.WithParameter(WeChatRequests.Signer.SignUrlVerification("4375120948345356249"), "signature", WeChatRequests.ForgedSignature);

        using var response = await host.Client.GetAsync(new Uri("/wechat/" + TestAccount.AppId + "?" + query, UriKind.Relative), TestContext.Current.CancellationToken);
        // The exporter serves a scrape from its cache for a moment (300 ms by default): read until the series moves.
        var after = before;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after <= before && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            after = Count(UnauthorizedRejections(), await ScrapeAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(after > before, $"cs_ingress_rejected_total{{reason=\"unauthorized\"}} went from {before} to {after}");
    }

    [Fact]
    public async Task GetMetrics_Always_ServesPrometheusTextWithTheServiceName()
    {
        using var response = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("service_name=\"CustomerService.IngressApi\"", text, StringComparison.Ordinal);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static long PushesOfKindImage(string text) => Count(ImagePushes(), text);

    private static long Count(Regex series, string text)
    {
        var match = series.Match(text);
        return match.Success ? long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^cs_ingress_rejected_total\{[^}]*channel="wechat",reason="unauthorized"[^}]*\} (?<value>\d+)""", RegexOptions.Multiline)]
    private static partial Regex UnauthorizedRejections();

    [GeneratedRegex("""^cs_conversation_pushes_total\{[^}]*channel="wechat",kind="image"\} (?<value>\d+)""", RegexOptions.Multiline)]
    private static partial Regex ImagePushes();

    // The bucket edge at the 4.5 s reply budget, on the ack histogram of a passive text reply.
    [GeneratedRegex("""^cs_ingress_ack_duration_seconds_bucket\{[^}]*channel="wechat",reply="text",le="4.5"\} \d+""", RegexOptions.Multiline)]
    private static partial Regex AckBudgetBucket();

    // An image gets the "please type" text: the bot's own (canned) path.
    [GeneratedRegex("""^cs_conversation_answers_total\{[^}]*path="canned",source="please-type"\} \d+""", RegexOptions.Multiline)]
    private static partial Regex AnswerOfCannedPath();
}
