using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerService.IngressApi.Tests.Dashboard;

/// <summary>The co-hosted ingress (the embedded default) with <see cref="DashboardCredentials"/> configured.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public IngressApiFactory Factory { get; } = new(settings: DashboardCredentials.Settings);

    public HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        // No redirects: /dashboard answers with one to /dashboard/, and the test must see each status as sent.
        Client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Factory.DisposeAsync();
    }
}
