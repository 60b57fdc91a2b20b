using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Silo.Hosting;

/// <summary>Applies the embedded SQLite scripts before the silo starts (it is registered before the silo).</summary>
public sealed class SqliteSchemaHostedService(string connectionString, ILogger<SqliteSchemaHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SqliteSchemaInitializer.EnsureSchema(connectionString);
        logger.LogInformation("SQLite schema is up to date");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
