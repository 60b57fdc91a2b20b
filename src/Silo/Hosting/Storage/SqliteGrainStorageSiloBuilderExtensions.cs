namespace CustomerService.Silo.Hosting.Storage;

public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds grain storage named <paramref name="name"/> on SQLite. Call
    /// <see cref="SqliteSchemaInitializer.EnsureSchema(string)"/> with the same connection string before the host
    /// starts: the provider reads its statements from the database when the silo starts.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSqliteGrainStorage(name, connectionString);
        return silo;
    }
}
