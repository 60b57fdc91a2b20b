using System.ComponentModel.DataAnnotations;

namespace CustomerService.IngressApi.Admin;

/// <summary><c>Admin</c>: access to the operator APIs under <c>/api</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The key operators send as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>. A secret: set it from the
    /// environment (<c>Admin__ApiKey</c>). Unset, every <c>/api</c> request is refused.
    /// </summary>
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string? ApiKey { get; set; }
}
