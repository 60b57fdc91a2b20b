namespace CustomerService.Silo.Hosting.Storage;

public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the silo's reminders in the SQLite file. Call <see cref="SqliteSchemaInitializer.EnsureSchema(string)"/>
    /// with the same connection string before the host starts: the provider reads its statements from the database
    /// when the silo starts.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.UseSqliteReminderService(connectionString);
        return silo;
    }
}
