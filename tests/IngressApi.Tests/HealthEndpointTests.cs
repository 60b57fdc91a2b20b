using System.Net;
using CustomerService.IngressApi.Tests.Conversations;

namespace CustomerService.IngressApi.Tests;

[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class HealthEndpointTests(FakeDispatcherFixture host)
{
    [Fact]
    public async Task Healthz_RunningHost_Returns200Healthy()
    {
        using var response = await host.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
