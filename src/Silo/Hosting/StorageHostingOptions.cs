using System.ComponentModel.DataAnnotations;

namespace CustomerService.Silo.Hosting;

/// <summary>Storage settings (section <c>Storage</c>).</summary>
public sealed class StorageHostingOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite data folder, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long conversation records are kept.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 180;
}
