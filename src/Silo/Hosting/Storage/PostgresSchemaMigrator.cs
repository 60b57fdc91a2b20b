using System.Globalization;
using Npgsql;

namespace CustomerService.Silo.Hosting.Storage;

/// <summary>
/// Brings a PostgreSQL database to the schema this build needs: applies the scripts not yet recorded in
/// <c>schema_version</c>, in order, in one transaction, under an advisory lock. Run by the <c>migrate</c> command with
/// the table-owner role; silos never run it (they check the version with <see cref="ReadVersionAsync"/>).
/// </summary>
/// <remarks>
/// Scripts are forward-only and additive, so that silos of the previous release keep working while a deploy rolls
/// (rules in <c>src/Silo/Sql/Postgres/README.md</c>). A recorded script whose checksum differs from this build's
/// (someone edited a shipped script) stops the run before anything is applied.
/// </remarks>
public sealed class PostgresSchemaMigrator
{
    /// <summary>
    /// The advisory lock every migrator takes, the ASCII bytes of "CS_SCHEM" as a bigint. Advisory locks are scoped to
    /// one database, so migrations of different databases never wait for each other.
    /// </summary>
    public const long AdvisoryLockKey = 0x43535F534348454D;

    private const string SchemaVersionTable = "schema_version";

    // Idempotent and taken under the lock, so two migrators never race to create it.
    private const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version
        (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL UNIQUE,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL
        );
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<PostgresSchemaScript> _scripts;

    /// <summary>A migrator for this build's embedded scripts.</summary>
    public PostgresSchemaMigrator(NpgsqlDataSource dataSource)
        : this(dataSource, PostgresSchemaScripts.All)
    {
    }

    /// <summary>A migrator for the given scripts, which must be strictly increasing by version.</summary>
    public PostgresSchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<PostgresSchemaScript> scripts)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _scripts = PostgresSchemaScripts.InOrder(scripts);
    }

    /// <summary>
    /// The database's schema version: the highest recorded in <c>schema_version</c>, or 0 when the table does not exist.
    /// Needs only SELECT on <c>schema_version</c>, so the silos' data-only role can run it.
    /// </summary>
    public static async Task<int> ReadVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // to_regclass is NULL for a table that does not exist (or that the role cannot see), without raising an error.
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL;", connection);
        exists.Parameters.AddWithValue("table", SchemaVersionTable);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version;", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the pending scripts and records each with its checksum. Waits for a migration already running against
    /// the same database, then finds its rows and applies only what is still missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A recorded script differs from this build's, or a pending script is older than one already applied.
    /// </exception>
    public async Task<PostgresMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The transaction-scoped form of pg_advisory_lock: held until commit or rollback, so a failed run, a cancelled
        // one or a connection returned to the pool can never leave it held. Taken before schema_version is read, so
        // the second of two concurrent runs reads the first one's committed rows (READ COMMITTED takes a new snapshot
        // per statement).
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            // No command timeout: waiting for another migration is expected; the caller's token ends the wait.
            lockCommand.CommandTimeout = 0;
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, CreateSchemaVersionTable, cancellationToken).ConfigureAwait(false);
        var recorded = await ReadRecordedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var versionBefore = recorded.Count == 0 ? 0 : recorded.Keys.Max();
        var pending = Plan(recorded, versionBefore);

        foreach (var script in pending)
        {
            await ExecuteAsync(connection, transaction, script.Text, cancellationToken).ConfigureAwait(false);
            await RecordAsync(connection, transaction, script, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresMigrationResult
        {
            VersionBefore = versionBefore,
            VersionAfter = pending.Count == 0 ? versionBefore : Math.Max(versionBefore, pending[^1].Version),
            Applied = pending,
        };
    }

    private List<PostgresSchemaScript> Plan(Dictionary<int, (string Name, string Checksum)> recorded, int versionBefore)
    {
        var known = _scripts.ToDictionary(s => s.Version);
        foreach (var (version, row) in recorded)
        {
            if (known.TryGetValue(version, out var script))
            {
                if (!string.Equals(row.Name, script.Name, StringComparison.Ordinal)
                    || !string.Equals(row.Checksum, script.Checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Schema script '{script.Name}' (checksum {script.Checksum}) does not match version {version} " +
                        $"recorded as '{row.Name}' (checksum {row.Checksum}). Applied scripts are forward-only: restore " +
                        "the original and put the change in a new script.");
                }
            }
            else if (version < _scripts[^1].Version)
            {
                throw new InvalidOperationException(
                    $"The database records schema version {version} ('{row.Name}'), which this build does not have.");
            }

            // A version above this build's highest was applied by a newer release: nothing to check, nothing to do.
        }

        var pending = _scripts.Where(s => !recorded.ContainsKey(s.Version)).ToList();
        if (pending.Count > 0 && pending[0].Version < versionBefore)
        {
            throw new InvalidOperationException(
                $"Schema script '{pending[0].Name}' is not applied, but the database is already at version {versionBefore}: " +
                "scripts are applied in order only. Give the change a number above the latest one.");
        }

        return pending;
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadRecordedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_version;", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var recorded = new Dictionary<int, (string Name, string Checksum)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            recorded.Add(reader.GetInt32(0), (reader.GetString(1), reader.GetString(2)));
        }

        return recorded;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresSchemaScript script, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, now());",
            connection,
            transaction);
        command.Parameters.AddWithValue("version", script.Version);
        command.Parameters.AddWithValue("name", script.Name);
        command.Parameters.AddWithValue("checksum", script.Checksum);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        // A script may build an index on a large table: it runs until done or until the caller cancels.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
