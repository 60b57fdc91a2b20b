using System.Net;
using System.Text.Json;
using CustomerService.Silo.Hosting.Dashboard;

namespace CustomerService.IngressApi.Tests.Dashboard;

/// <summary>
/// The Orleans dashboard on the co-hosted ingress: every page and API of its route group needs the dashboard's own
/// Basic credentials, and its live log stays off by default.
/// </summary>
public sealed class DashboardAuthenticationTests(DashboardFixture host) : IClassFixture<DashboardFixture>
{
    // The page, a static API, and one that reads from the cluster: the whole group, not only its first route.
    public static TheoryData<string> Paths { get; } = ["/dashboard/", "/dashboard/version", "/dashboard/GrainTypes", "/dashboard/Trace"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_WithoutCredentials_Returns401WithBasicChallenge(string path)
    {
        using var response = await SendAsync(DashboardCredentials.Get(path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(DashboardBasicAuthenticationHandler.Challenge, Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Get_WrongPassword_Returns401()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/version", DashboardCredentials.Basic(DashboardCredentials.Username, DashboardCredentials.Password + "x")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_WrongUserName_Returns401()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/version", DashboardCredentials.Basic("admin", DashboardCredentials.Password)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_CredentialsThatAreNotBase64_Returns401()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/version", new("Basic", "not base64 at all")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_RightCredentials_Returns200WithTheDashboardVersion()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/version", Authorized));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Get_RightCredentials_ServesThePage()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/", Authorized));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTrace_RightCredentialsAndHideTraceByDefault_Returns403()
    {
        using var response = await SendAsync(DashboardCredentials.Get("/dashboard/Trace", Authorized));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static System.Net.Http.Headers.AuthenticationHeaderValue Authorized =>
        DashboardCredentials.Basic(DashboardCredentials.Username, DashboardCredentials.Password);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }
}
