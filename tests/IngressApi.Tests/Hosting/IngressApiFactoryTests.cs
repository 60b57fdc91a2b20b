using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// The isolation every other test relies on: the silo reads its ports and data folder while Program composes the
/// host, so settings that arrived too late would silently put every test host on 11111/30000 and ./data.
/// </summary>
[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class IngressApiFactoryTests(FakeDispatcherFixture host)
{
    [Fact]
    public void Start_TestSettings_SiloListensOnOwnPorts()
    {
        var endpoints = host.Factory.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(host.Factory.SiloPort, endpoints.SiloPort);
        Assert.Equal(host.Factory.GatewayPort, endpoints.GatewayPort);
    }

    [Fact]
    public void Start_TestSettings_StorageIsInOwnDataDirectory()
    {
        Assert.True(
            File.Exists(Path.Combine(host.Factory.DataDirectory, SqliteSchemaInitializer.DefaultFileName)),
            $"No database in {host.Factory.DataDirectory}");
    }
}
