using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Admin;

/// <summary>
/// Authenticates operator requests by <c>Admin:ApiKey</c>, sent as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.
/// Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the
/// content nor the length of the configured key leaks through timing.
/// </summary>
public sealed class AdminApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<AdminOptions> admin,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "AdminApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var configured = admin.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            Logger.LogWarning("Admin API request refused: Admin:ApiKey is not set, so the admin APIs are disabled");
            return Task.FromResult(AuthenticateResult.Fail("Admin API disabled."));
        }

        if (!CryptographicOperations.FixedTimeEquals(Digest(presented), Digest(configured)))
        {
            Logger.LogWarning("Admin API request to {Path} refused: wrong API key", Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("Wrong API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var key) && !string.IsNullOrEmpty(key.ToString()))
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > Bearer.Length
            ? authorization[Bearer.Length..].Trim()
            : null;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
