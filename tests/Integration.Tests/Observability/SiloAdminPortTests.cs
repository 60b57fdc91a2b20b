using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CustomerService.Grains.Interfaces.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerService.Integration.Tests.Observability;

/// <summary>
/// The standalone silo's admin port: the Orleans dashboard behind its own HTTP Basic secret, and <c>/metrics</c> with
/// Orleans' instruments and ours once a conversation has run on the silo.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed partial class SiloAdminPortTests(SiloAdminProcessFixture silo) : IClassFixture<SiloAdminProcessFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_WithoutCredentials_Returns401WithBasicChallenge()
    {
        using var response = await GetAsync("/dashboard/version", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"CustomerService dashboard\", charset=\"UTF-8\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Dashboard_WrongPassword_Returns401()
    {
        using var response = await GetAsync("/dashboard/version", Basic(SiloAdminProcessFixture.DashboardUser, "NotTheDashboardPassword1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_RightCredentials_Returns200ForThePageAndTheClusterApi()
    {
        var authorization = Basic(SiloAdminProcessFixture.DashboardUser, SiloAdminProcessFixture.DashboardPassword);

        using var page = await GetAsync("/dashboard/", authorization);
        using var grainTypes = await GetAsync("/dashboard/GrainTypes", authorization);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, grainTypes.StatusCode);
        Assert.Contains("ConversationGrain", await grainTypes.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterAConversationOnTheSilo_ServesOrleansAndOurInstruments()
    {
        // An external Orleans client, as the ingress in Client mode: one push to a conversation on this silo.
        using var client = await StartClientAsync();
        var conversation = client.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IConversationGrain>(new ConversationKey(ChannelKind.WeChat, "wxadminport00001", "oAdmin" + Guid.NewGuid().ToString("N")).ToString());
        var outcome = await conversation.RecordInboundAsync(new InboundMessage
        {
            DedupId = "msg:" + Guid.NewGuid().ToString("N"),
            Kind = InboundKind.Text,
            CreatedAt = DateTimeOffset.UtcNow,
            Text = "什么时候发货",
        });

        using var response = await GetAsync("/metrics", authorization: null);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(outcome.AnswerReady);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("service_name=\"CustomerService.Silo\"", text, StringComparison.Ordinal);
        Assert.Matches(OrleansInstrument(), text);
        Assert.Matches(FaqAnswer(), text);
        Assert.Matches(PostgresUp(), text);
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, serviceId: "customerservice", clusterId: "customerservice"));
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        return await silo.Admin.SendAsync(request, Ct);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    // The silo's PostgreSQL check (cs.dependency.up), run at start and every Health:ProbeIntervalSeconds.
    [GeneratedRegex("""^cs_dependency_up\{[^}]*dependency="postgres"[^}]*\} 1$""", RegexOptions.Multiline)]
    private static partial Regex PostgresUp();

    [GeneratedRegex("""^orleans_[a-z_]+\{otel_scope_name="Microsoft\.Orleans"[,}]""", RegexOptions.Multiline)]
    private static partial Regex OrleansInstrument();

    [GeneratedRegex("""^cs_conversation_answers_total\{[^}]*path="faq",source="faq"\} [1-9]""", RegexOptions.Multiline)]
    private static partial Regex FaqAnswer();
}
