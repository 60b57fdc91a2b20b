using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Admin;

/// <summary>Refuses the Development demo admin key anywhere else: it is public, in this repository.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    /// <summary>The key in appsettings.Development.json.</summary>
    public const string DemoApiKey = "DemoAdminKeyNotSecret0000";

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !environment.IsDevelopment() && string.Equals(options.ApiKey, DemoApiKey, StringComparison.Ordinal)
            ? ValidateOptionsResult.Fail("Admin:ApiKey is the demo key, which is public; it is allowed only in Development.")
            : ValidateOptionsResult.Success;
    }
}
