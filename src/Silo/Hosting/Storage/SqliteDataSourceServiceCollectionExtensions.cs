using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Silo.Hosting.Storage;

/// <summary>
/// One <see cref="SqliteBusyTimeoutDataSource"/> per database, shared by every Orleans provider on that file (grain
/// storage, reminders), keyed by its connection string.
/// </summary>
/// <remarks>
/// Orleans does not dispose a data source it is handed, so the container owns it and disposes it when the host does,
/// after the silo has stopped.
/// </remarks>
internal static class SqliteDataSourceServiceCollectionExtensions
{
    public static IServiceCollection TryAddSqliteDataSource(this IServiceCollection services, string connectionString)
    {
        services.TryAddKeyedSingleton(
            connectionString,
            (_, _) => new SqliteBusyTimeoutDataSource(connectionString, SqliteStorage.BusyTimeoutMilliseconds));
        return services;
    }

    public static SqliteBusyTimeoutDataSource GetSqliteDataSource(this IServiceProvider services, string connectionString) =>
        services.GetRequiredKeyedService<SqliteBusyTimeoutDataSource>(connectionString);
}
