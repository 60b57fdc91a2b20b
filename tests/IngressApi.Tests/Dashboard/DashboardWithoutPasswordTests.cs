using System.Net;
using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerService.IngressApi.Tests.Dashboard;

/// <summary>Without <c>Dashboard:Password</c> the dashboard is not served at all, and the log says why.</summary>
public sealed class DashboardWithoutPasswordTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private IngressApiFactory _factory = null!;
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new IngressApiFactory(logs: _logs);
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/version")]
    public async Task Get_NoPasswordConfigured_Returns404(string path)
    {
        using var request = DashboardCredentials.Get(path, DashboardCredentials.Basic("admin", ""));

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Start_NoPasswordConfigured_LogsThatTheDashboardIsNotServed()
    {
        var line = Assert.Single(_logs.Entries, e => e.Message.Contains("Orleans dashboard", StringComparison.Ordinal));

        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("Orleans dashboard not served: Dashboard:Password is not set, so /dashboard answers 404", line.Message);
    }
}
