using CustomerService.Silo.Hosting.Storage;
using Npgsql;

namespace CustomerService.Silo.Hosting.Migrations;

/// <summary>
/// <c>dotnet run --project src/Silo -- migrate</c>: brings the PostgreSQL database to this build's schema and exits 0,
/// or prints why not and exits 1. It reads the same configuration as the silo (appsettings, environment, command
/// line) and connects with <c>ConnectionStrings:postgres-migrate</c>, the role that owns the tables, falling back to
/// <c>ConnectionStrings:postgres</c>.
/// </summary>
/// <remarks>
/// Safe to run any number of times and from several places at once (a Kubernetes initContainer in every silo pod):
/// runs queue on the migrator's advisory lock and apply each script once. It prints the server, database and role,
/// never the connection string.
/// </remarks>
public static class MigrateCommand
{
    /// <summary>The command's name, the silo host's first argument.</summary>
    public const string Name = "migrate";

    // One connection is all a migration uses.
    private const int PoolSize = 1;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // The silo's configuration sources, without building (or starting) a host.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        var ownerConnection = ConnectionString(builder.Configuration, PostgresStorage.MigrateConnectionStringName);
        var connectionString = ownerConnection ?? ConnectionString(builder.Configuration, PostgresStorage.ConnectionStringName);
        if (connectionString is null)
        {
            await error.WriteLineAsync(
                $"migrate: set ConnectionStrings:{PostgresStorage.MigrateConnectionStringName} (the table owner role) or " +
                $"ConnectionStrings:{PostgresStorage.ConnectionStringName}: as the argument " +
                $"--ConnectionStrings:{PostgresStorage.MigrateConnectionStringName}=... or the environment variable " +
                $"ConnectionStrings__{PostgresStorage.MigrateConnectionStringName} (a name with a dash: set it with env or " +
                "in a Kubernetes manifest; a shell's export refuses it).").ConfigureAwait(false);
            return 1;
        }

        try
        {
            var target = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = PoolSize, MinPoolSize = 0 };
            if (string.IsNullOrEmpty(target.ApplicationName))
            {
                target.ApplicationName = "customerservice-migrate";
            }

            await output.WriteLineAsync(
                $"migrate: PostgreSQL {target.Host}:{target.Port}, database {target.Database}, role {target.Username}" +
                (ownerConnection is null ? $" (from ConnectionStrings:{PostgresStorage.ConnectionStringName}: no ConnectionStrings:{PostgresStorage.MigrateConnectionStringName} is set)" : string.Empty))
                .ConfigureAwait(false);
            await using var dataSource = NpgsqlDataSource.Create(target.ConnectionString);
            var result = await new PostgresSchemaMigrator(dataSource).MigrateAsync(cancellationToken).ConfigureAwait(false);
            foreach (var script in result.Applied)
            {
                await output.WriteLineAsync($"migrate: applied {script.Name} (sha256 {script.Checksum})").ConfigureAwait(false);
            }

            await output.WriteLineAsync(result.Applied.Count == 0
                ? $"migrate: schema version {result.VersionBefore} is up to date (this build needs {PostgresSchemaScripts.RequiredVersion}); nothing to apply"
                : $"migrate: schema version {result.VersionBefore} -> {result.VersionAfter}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            // The reason only: Npgsql's messages name the server and the failure, never the password. ArgumentException
            // is a malformed connection string, whose message names the bad keyword, not its value.
            // A server error as its code and text alone (Npgsql's Message appends detail lines such as POSITION).
            var reason = exception is PostgresException server ? $"{server.SqlState}: {server.MessageText}" : exception.Message;
            await error.WriteLineAsync($"migrate: failed: {reason}").ConfigureAwait(false);
            if (exception is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
            {
                // The usual cause: the silos' data-only role, which may not create tables.
                await error.WriteLineAsync(
                    $"migrate: the role may not change the schema; run migrate as the role that owns the tables, with ConnectionStrings:{PostgresStorage.MigrateConnectionStringName}").ConfigureAwait(false);
            }

            return 1;
        }
    }

    private static string? ConnectionString(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value ? value : null;
}
