using System.Net.Http.Headers;
using System.Text;

namespace CustomerService.IngressApi.Tests.Dashboard;

/// <summary>The dashboard secret of the test hosts (obviously fake) and Basic headers built from it.</summary>
public static class DashboardCredentials
{
    public const string Username = "operator";

    public const string Password = "IngressDashboardPass0001";

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Dashboard:Username"] = Username,
        ["Dashboard:Password"] = Password,
    };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public static HttpRequestMessage Get(string path, AuthenticationHeaderValue? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        return request;
    }
}
