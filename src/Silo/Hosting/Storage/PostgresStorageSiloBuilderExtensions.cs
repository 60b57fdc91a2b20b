using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Silo.Hosting.Storage;

public static class PostgresStorageSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the silo's grain state (provider <paramref name="grainStorageName"/>) and reminders in PostgreSQL, on one
    /// <c>NpgsqlDataSource</c> of at most <paramref name="maxPoolSize"/> connections, and holds the silo's start
    /// until the schema is at the version this build needs (<see cref="PostgresSchemaGate"/>, which also reports on the
    /// readiness check). The silo never changes the schema: <c>migrate</c> does.
    /// </summary>
    public static ISiloBuilder UsePostgresStorage(this ISiloBuilder silo, string grainStorageName, string connectionString, int maxPoolSize)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.AddPostgresDataSource(connectionString, maxPoolSize);
        services.TryAddSingleton<PostgresSchemaGate>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresSchemaGate>());
        services.AddHealthChecks().AddCheck<PostgresSchemaGate>(PostgresSchemaGate.HealthCheckName, tags: [SiloReadiness.ReadyTag]);
        services.AddPostgresGrainStorage(grainStorageName);
        services.UsePostgresReminderService();
        return silo;
    }
}
