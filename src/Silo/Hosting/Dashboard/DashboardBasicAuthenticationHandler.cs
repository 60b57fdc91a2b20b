using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>
/// HTTP Basic (RFC 7617) for the dashboard, against <c>Dashboard:Username</c> and <c>Dashboard:Password</c>. Both are
/// compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, and both comparisons always
/// run, so neither which part was wrong nor the length of the secret leaks through timing. A refusal is logged
/// without what was presented.
/// </summary>
public sealed class DashboardBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<DashboardHostingOptions> dashboard,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "DashboardBasic";

    /// <summary>The challenge a browser answers with its sign-in prompt.</summary>
    public const string Challenge = "Basic realm=\"CustomerService dashboard\", charset=\"UTF-8\"";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var settings = dashboard.CurrentValue;
        if (string.IsNullOrEmpty(settings.Password))
        {
            return Task.FromResult(AuthenticateResult.Fail("Dashboard disabled."));
        }

        if (Decode(header.Parameter) is not var (user, password))
        {
            Logger.LogWarning("Dashboard request to {Path} refused: malformed Basic credentials", Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("Malformed credentials."));
        }

        // Both comparisons run whatever the first one found.
        var userMatches = CryptographicOperations.FixedTimeEquals(Digest(user), Digest(settings.Username));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Digest(password), Digest(settings.Password));
        if (!(userMatches & passwordMatches))
        {
            Logger.LogWarning("Dashboard request to {Path} refused: wrong user name or password", Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("Wrong credentials."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, settings.Username)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }

    private static (string User, string Password)? Decode(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter))
        {
            return null;
        }

        var bytes = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var length))
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
