using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.WeChat;

namespace CustomerService.IngressApi.Tests.Admin;

[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class StatusEndpointTests(FakeDispatcherFixture host)
{
    [Fact]
    public async Task GetStatus_NoKey_Returns401()
    {
        using var response = await host.Client.GetAsync("/api/status", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Api-Key", "IngressTestAdminKey0002")]
    [InlineData("X-Api-Key", "IngressTestAdminKey000")]
    [InlineData("Authorization", "Bearer wrong")]
    [InlineData("Authorization", "Basic SW5ncmVzc1Rlc3RBZG1pbktleTAwMDE=")]
    public async Task GetStatus_WrongKey_Returns401(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetStatus_ApiKeyHeader_ReportsEveryAccountWithCountsThatAddUp()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Add("X-Api-Key", TestAccount.AdminApiKey);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = Assert.Single(body.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal(TestAccount.AppId, account.GetProperty("account").GetString());
        Assert.Equal("passive", account.GetProperty("effectiveMode").GetString());
        Assert.Contains("AppSecret", account.GetProperty("modeReason").GetString(), StringComparison.Ordinal);
        var counts = account.GetProperty("counts");
        var parts = new[] { "pending", "inDoubt", "delivered", "held", "failed", "expired" }.Sum(p => counts.GetProperty(p).GetInt64());
        Assert.Equal(counts.GetProperty("generated").GetInt64(), parts);
    }

    [Fact]
    public async Task GetStatus_BearerKey_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAccount.AdminApiKey);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
