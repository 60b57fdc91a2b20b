using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace CustomerService.Silo.Hosting.Storage;

public static class PostgresDataSourceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's one <see cref="NpgsqlDataSource"/>, whose pool every PostgreSQL user in the silo shares
    /// (grain storage, reminders, the schema check): the pool is the process's whole share of the server's
    /// <c>max_connections</c>, so it is sized once, here.
    /// </summary>
    /// <remarks>
    /// <paramref name="maxPoolSize"/> (<c>Storage:PostgresMaxPoolSize</c>) replaces any <c>Maximum Pool Size</c> in the
    /// connection string, so that the sizing rule lives in one setting. The container owns the data source and
    /// disposes it with the host, after the silo has stopped; Orleans never disposes a data source it is handed.
    /// A second call keeps the first registration.
    /// </remarks>
    public static IServiceCollection AddPostgresDataSource(this IServiceCollection services, string connectionString, int maxPoolSize)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Built when first resolved, at silo start, after the options validation has refused an out-of-range
        // Storage:PostgresMaxPoolSize with a message that names the setting.
        services.TryAddSingleton(_ =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxPoolSize, 1);
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize };
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = PostgresStorage.ApplicationName;
            }

            // MinPoolSize must not exceed MaxPoolSize, or Npgsql refuses the connection string.
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxPoolSize);
            return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        });
        return services;
    }
}
