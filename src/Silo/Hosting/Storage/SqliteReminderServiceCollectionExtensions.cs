namespace CustomerService.Silo.Hosting.Storage;

public static class SqliteReminderServiceCollectionExtensions
{
    /// <summary>
    /// Makes Orleans' ADO.NET reminder table, on a SQLite file prepared by
    /// <see cref="SqliteSchemaInitializer.EnsureSchema(string)"/>, the silo's reminder service: reminders survive a
    /// crash of the process and tick again, activating their grain, once a silo is back.
    /// </summary>
    /// <remarks>
    /// The provider reads its statements from the database when the silo starts (script
    /// <c>0002_orleans_reminders.sql</c>), so the schema must be in place before the host starts.
    /// </remarks>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSqliteDataSource(connectionString);
        return services.UseAdoNetReminderService(optionsBuilder => optionsBuilder
            .Configure<IServiceProvider>((options, provider) =>
            {
                // Never leave the invariant unset: the provider's default is SQL Server's.
                options.Invariant = SqliteStorage.Invariant;
                // The same data source as grain storage on this file: its busy handler makes a reminder write that meets
                // a state write wait milliseconds for the lock, not Microsoft.Data.Sqlite's fixed 150 ms sleeps.
                options.DataSource = provider.GetSqliteDataSource(connectionString);
            }));
    }
}
