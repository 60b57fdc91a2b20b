using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>Rules of <see cref="DashboardHostingOptions"/> that attributes cannot state.</summary>
public sealed class DashboardHostingOptionsValidator(IHostEnvironment environment) : IValidateOptions<DashboardHostingOptions>
{
    /// <summary>The ingress's Development password (appsettings.Development.json): public, in this repository.</summary>
    public const string DemoPassword = "DemoDashboardNotSecret00";

    public ValidateOptionsResult Validate(string? name, DashboardHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // Basic splits user and password at the first colon, so a user name with one could never sign in.
        if (options.Username?.Contains(':', StringComparison.Ordinal) == true)
        {
            failures.Add("Dashboard:Username must not contain a colon (HTTP Basic separates it from the password with one).");
        }

        if (!environment.IsDevelopment() && string.Equals(options.Password, DemoPassword, StringComparison.Ordinal))
        {
            failures.Add("Dashboard:Password is the demo password, which is public; it is allowed only in Development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
