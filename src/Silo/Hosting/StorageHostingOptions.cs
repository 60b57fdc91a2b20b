using System.ComponentModel.DataAnnotations;
using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Silo.Hosting;

/// <summary>Storage settings (section <c>Storage</c>).</summary>
public sealed class StorageHostingOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite data folder, relative to the working directory unless absolute.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// The most connections one process opens to PostgreSQL (<c>Storage:Provider = PostgreSql</c>): the pool of its one
    /// NpgsqlDataSource, shared by grain storage and reminders. Size it so that silo replicas × this, plus the most
    /// ingress pods × their pool, stays within the server's <c>max_connections</c> (100 by default), or put PgBouncer
    /// in front. It replaces any <c>Maximum Pool Size</c> in <c>ConnectionStrings:postgres</c>.
    /// </summary>
    [Range(1, 1000)]
    public int PostgresMaxPoolSize { get; set; } = PostgresStorage.DefaultMaxPoolSize;

    /// <summary>How long conversation records are kept.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 180;
}
