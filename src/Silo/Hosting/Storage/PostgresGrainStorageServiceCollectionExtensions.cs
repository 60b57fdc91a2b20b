using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Silo.Hosting.Storage;

public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers Orleans' ADO.NET grain storage named <paramref name="name"/> on the process's
    /// <see cref="NpgsqlDataSource"/> (<see cref="PostgresDataSourceServiceCollectionExtensions.AddPostgresDataSource"/>),
    /// on the tables of <c>Sql/Postgres/0001_orleans_storage.sql</c>, storing state as plain System.Text.Json, exactly
    /// as the SQLite storage does, so that a state's bytes are the same in both.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        return services.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder
            .Configure<IOptions<SystemTextJsonGrainStorageSerializerOptions>, NpgsqlDataSource>((options, jsonOptions, dataSource) =>
            {
                // Never leave the invariant unset: the provider's default is SQL Server's.
                options.Invariant = PostgresStorage.Invariant;
                // The shared data source, not a connection string: one pool per process, sized by
                // Storage:PostgresMaxPoolSize, and no connection string in Orleans' options.
                options.DataSource = dataSource;

                // As on SQLite (see SqliteGrainStorageServiceCollectionExtensions): plain System.Text.Json with the
                // silo's options, bound to this provider rather than made the silo-wide default, so that the stored
                // format cannot change because some other registration replaced the default.
                options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(jsonOptions);
            }));
    }
}
