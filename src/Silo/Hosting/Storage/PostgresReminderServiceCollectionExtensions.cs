using Npgsql;

namespace CustomerService.Silo.Hosting.Storage;

public static class PostgresReminderServiceCollectionExtensions
{
    /// <summary>
    /// Makes Orleans' ADO.NET reminder table, on the process's <see cref="NpgsqlDataSource"/> and the table of
    /// <c>Sql/Postgres/0002_orleans_reminders.sql</c>, the silo's reminder service: reminders survive the crash of a
    /// silo and tick again, activating their grain, on whichever silo owns their range.
    /// </summary>
    public static IServiceCollection UsePostgresReminderService(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        return services.UseAdoNetReminderService(optionsBuilder => optionsBuilder
            .Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                // Never leave the invariant unset: the provider's default is SQL Server's.
                options.Invariant = PostgresStorage.Invariant;
                // The same pool as grain storage.
                options.DataSource = dataSource;
            }));
    }
}
