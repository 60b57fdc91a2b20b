namespace CustomerService.Silo.Hosting;

/// <summary>Where grain state lives (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file in <c>Storage:DataDirectory</c>: the embedded default.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (<c>ConnectionStrings:postgres</c>).</summary>
    PostgreSql = 1,
}
