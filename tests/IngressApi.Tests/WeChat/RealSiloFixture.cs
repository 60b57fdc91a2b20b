using CustomerService.IngressApi.Tests.Hosting;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>The ingress with its real co-hosted silo, SQLite storage and the shipped sample FAQ: nothing replaced.</summary>
public sealed class RealSiloFixture : IAsyncLifetime
{
    public IngressApiFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        // Starts the host; the silo is one of its hosted services, so it has started when this returns.
        Client = Factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Factory.DisposeAsync();
    }
}
