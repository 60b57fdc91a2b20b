using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>Rules of <see cref="DashboardHostingOptions"/> that attributes cannot state.</summary>
public sealed class DashboardHostingOptionsValidator : IValidateOptions<DashboardHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Basic splits user and password at the first colon, so a user name with one could never sign in.
        return options.Username?.Contains(':', StringComparison.Ordinal) == true
            ? ValidateOptionsResult.Fail("Dashboard:Username must not contain a colon (HTTP Basic separates it from the password with one).")
            : ValidateOptionsResult.Success;
    }
}
