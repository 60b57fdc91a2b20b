namespace CustomerService.Silo.Hosting.Storage;

/// <summary>Constants of the PostgreSQL storage (<c>Storage:Provider = PostgreSql</c>).</summary>
public static class PostgresStorage
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql. Never leave it unset: the providers' default is SQL Server's.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The connection string silos use (<c>ConnectionStrings:postgres</c>): the data-only role.</summary>
    public const string ConnectionStringName = "postgres";

    /// <summary>
    /// The connection string <c>migrate</c> uses (<c>ConnectionStrings:postgres-migrate</c>): the role that owns the
    /// tables. <c>migrate</c> falls back to <see cref="ConnectionStringName"/> when it is not set.
    /// </summary>
    public const string MigrateConnectionStringName = "postgres-migrate";

    /// <summary>The default of <c>Storage:PostgresMaxPoolSize</c>.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The name the silo's connections show in <c>pg_stat_activity</c> unless the connection string sets one.</summary>
    public const string ApplicationName = "customerservice-silo";
}
