using System.ComponentModel.DataAnnotations;

namespace CustomerService.Silo.Hosting.Dashboard;

/// <summary>
/// <c>Dashboard</c>: access to the Orleans dashboard at <c>/dashboard</c> (the silo's admin port, or the co-hosted
/// ingress). It shows grain state and a live log, so it is served only behind HTTP Basic with its own secret, and
/// not at all while <see cref="Password"/> is unset.
/// </summary>
public sealed class DashboardHostingOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Shortest accepted password: Basic sends it with every request, so it must resist guessing.</summary>
    public const int MinPasswordLength = 16;

    /// <summary>The Basic user name (no colon, RFC 7617).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Dashboard:Username must not be empty.")]
    public string Username { get; set; } = "admin";

    /// <summary>
    /// A secret: set it from the environment (<c>Dashboard__Password</c>). Unset, the dashboard is not mapped (404).
    /// </summary>
    [MinLength(MinPasswordLength, ErrorMessage = "Dashboard:Password must be at least 16 characters.")]
    public string? Password { get; set; }

    /// <summary>
    /// Turns the dashboard's live log stream off (its <c>Trace</c> endpoint answers 403). On by default, because log
    /// lines carry users' text and conversation keys.
    /// </summary>
    public bool HideTrace { get; set; } = true;

    /// <summary>Hides the password in logs and debugger views.</summary>
    public override string ToString() =>
        $"Dashboard(Username={Username}, Password={(string.IsNullOrEmpty(Password) ? "unset" : "***")}, HideTrace={HideTrace})";
}
