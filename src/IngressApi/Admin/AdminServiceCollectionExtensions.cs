using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Admin;

/// <summary>Registers operator authentication: the <c>admin</c> policy that every <c>/api</c> route requires.</summary>
public static class AdminServiceCollectionExtensions
{
    public const string Policy = "admin";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminApiKeyAuthenticationHandler>(AdminApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(AdminApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }
}
