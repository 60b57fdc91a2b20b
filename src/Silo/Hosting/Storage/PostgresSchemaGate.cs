using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CustomerService.Silo.Hosting.Storage;

/// <summary>
/// Holds the silo's start, before any Orleans provider reads its queries, until the PostgreSQL schema is at least at
/// <see cref="PostgresSchemaScripts.RequiredVersion"/>. While it waits it logs one line saying what to run and
/// reports unhealthy on the readiness check; it never migrates (silos run with a data-only role).
/// </summary>
/// <remarks>
/// A newer schema is fine: scripts are additive, so the previous release keeps running while a deploy rolls. A
/// database that cannot be reached is waited for the same way, so that a silo started before its database does not
/// crash-loop. Once open the gate stays open: its health check reports the start-time schema check only, never the
/// database's health, so that one database blip does not take every pod out of its Service.
/// </remarks>
public sealed partial class PostgresSchemaGate(
    NpgsqlDataSource dataSource,
    ILogger<PostgresSchemaGate> logger,
    TimeProvider timeProvider) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    /// <summary>The health check's name.</summary>
    public const string HealthCheckName = "postgres-schema";

    /// <summary>How often a waiting silo checks the schema version again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private volatile string _status = "PostgreSQL schema not checked yet";
    private volatile bool _passed;

    /// <summary>The schema version found when the gate opened, or 0 while it is closed.</summary>
    public int OpenedAtVersion { get; private set; }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        // The first stage: before the runtime starts, the storage provider reads OrleansQuery (ApplicationServices) and
        // the reminder service reads its own queries.
        lifecycle.Subscribe(nameof(PostgresSchemaGate), ServiceLifecycleStage.First, WaitForSchemaAsync);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_passed ? HealthCheckResult.Healthy(_status) : HealthCheckResult.Unhealthy(_status));

    private async Task WaitForSchemaAsync(CancellationToken cancellationToken)
    {
        var required = PostgresSchemaScripts.RequiredVersion;
        string? lastLogged = null;
        while (true)
        {
            string waitingFor;
            try
            {
                var current = await PostgresSchemaMigrator.ReadVersionAsync(dataSource, cancellationToken).ConfigureAwait(false);
                if (current >= required)
                {
                    OpenedAtVersion = current;
                    _status = $"PostgreSQL schema version {current}, this build needs {required}";
                    _passed = true;
                    LogSchemaCurrent(logger, current, required);
                    return;
                }

                waitingFor = $"schema version {current}, this build needs {required}: run `dotnet run --project src/Silo -- migrate`";
                if (!string.Equals(waitingFor, lastLogged, StringComparison.Ordinal))
                {
                    LogSchemaTooOld(logger, current, required);
                }
            }
            catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Npgsql's messages name the host and the failure, never the password. A PostgresException is the
                // server's answer (a missing grant, a database that does not exist); anything else is the connection.
                waitingFor = exception is PostgresException
                    ? $"PostgreSQL refused the schema check: {exception.Message}"
                    : $"PostgreSQL is not reachable: {exception.Message}";
                if (!string.Equals(waitingFor, lastLogged, StringComparison.Ordinal))
                {
                    LogCheckFailed(logger, waitingFor, RetryInterval.TotalSeconds);
                }
            }

            lastLogged = waitingFor;
            _status = waitingFor;
            await Task.Delay(RetryInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema version {Current}, this build needs {Required}")]
    private static partial void LogSchemaCurrent(ILogger logger, int current, int required);

    [LoggerMessage(Level = LogLevel.Error, Message = "schema version {Current}, this build needs {Required}: run `dotnet run --project src/Silo -- migrate`")]
    private static partial void LogSchemaTooOld(ILogger logger, int current, int required);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}; the silo waits and checks again every {Seconds} s")]
    private static partial void LogCheckFailed(ILogger logger, string reason, double seconds);
}
