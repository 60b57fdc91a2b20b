using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Silo.Hosting.Storage;

public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers Orleans' ADO.NET grain storage named <paramref name="name"/> on a SQLite file prepared by
    /// <see cref="SqliteSchemaInitializer.EnsureSchema(string)"/>, storing state as plain System.Text.Json.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSqliteDataSource(connectionString);
        return services.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder
            .Configure<IOptions<SystemTextJsonGrainStorageSerializerOptions>, IServiceProvider>((options, jsonOptions, provider) =>
            {
                // Never leave the invariant unset: the provider's default is SQL Server's.
                options.Invariant = SqliteStorage.Invariant;
                // A data source rather than a connection string, so that every connection gets SQLite's own busy
                // handler (see SqliteBusyTimeoutDataSource).
                options.DataSource = provider.GetSqliteDataSource(connectionString);

                // The ADO.NET default is Newtonsoft.Json with $type and assembly-qualified names, which breaks rows
                // whenever a state type moves. The serializer is bound to this provider rather than made the silo-wide
                // default (UseSystemTextJsonGrainStorageSerializer), so that the stored format cannot change because
                // some other registration replaced the default. It uses the silo's System.Text.Json options, which
                // carry Orleans' converters for grain references and IP endpoints.
                options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(jsonOptions);
            }));
    }
}
