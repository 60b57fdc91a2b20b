using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CustomerService.Silo.Hosting.Storage;

/// <summary>
/// Prepares the SQLite files of the embedded default before the host starts: WAL mode, then the schema scripts
/// embedded under <c>Sql/Sqlite</c> (grain state and reminders) or <c>Sql/SqliteRecords</c> (the conversation
/// records, a file of their own), each applied once and recorded in that file's <c>schema_version</c>.
/// </summary>
public static class SqliteSchemaInitializer
{
    public const string DefaultFileName = "customerservice.db";

    /// <summary>The conversation records' own file, beside <see cref="DefaultFileName"/>.</summary>
    public const string RecordsFileName = "records.db";

    // Embedded resource names are the root namespace plus the folder path with dots: Sql/Sqlite/0001_x.sql.
    private const string ScriptResourcePrefix = "CustomerService.Silo.Sql.Sqlite.";
    private const string RecordsScriptResourcePrefix = "CustomerService.Silo.Sql.SqliteRecords.";
    private const string ScriptExtension = ".sql";

    // Start-up may meet another process holding the write lock (a second pod on the same volume, a backup):
    // wait a little instead of failing the start at once.
    private const int BusyTimeoutMilliseconds = 5_000;

    // Microsoft.Data.Sqlite retries busy and locked errors itself until the command timeout. This is the only busy
    // handling Orleans' pooled connections get, because a PRAGMA busy_timeout holds for one connection only and the
    // provider opens its own.
    private const int CommandTimeoutSeconds = 30;

    private const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version
        (
            version     INTEGER NOT NULL PRIMARY KEY,
            script_name TEXT    NOT NULL UNIQUE,
            checksum    TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL
        ) STRICT;
        """;

    public static string BuildConnectionString(string dataDirectory, string fileName = DefaultFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!string.Equals(Path.GetFileName(fileName), fileName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' must be a file name, not a path.", nameof(fileName));
        }

        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Private cache: shared-cache mode takes table-level locks inside the process and reports SQLITE_LOCKED,
            // which defeats WAL's concurrent readers, and Microsoft.Data.Sqlite advises against mixing the two.
            // Each of Orleans' connections therefore gets its own cache over the same WAL file.
            Cache = SqliteCacheMode.Private,
            // Pooling keeps connections open between the provider's calls, so the WAL file and its index stay mapped
            // and a grain write does not pay for opening the file each time.
            Pooling = true,
            DefaultTimeout = CommandTimeoutSeconds,
        };
        return builder.ToString();
    }

    /// <summary>
    /// Applies the embedded scripts not yet recorded, in one transaction. A recorded script whose content changed
    /// throws <see cref="InvalidOperationException"/>: scripts are forward-only, a change is a new script.
    /// </summary>
    public static void EnsureSchema(string connectionString) => EnsureSchema(connectionString, ScriptResourcePrefix);

    /// <summary>As <see cref="EnsureSchema(string)"/>, for the conversation records' file (<see cref="RecordsFileName"/>).</summary>
    public static void EnsureRecordsSchema(string connectionString) => EnsureSchema(connectionString, RecordsScriptResourcePrefix);

    private static void EnsureSchema(string connectionString, string resourcePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = LoadScripts(resourcePrefix);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        // Before the journal switch, which itself needs the database to itself for a moment.
        Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};"));
        EnableWriteAheadLog(connection);

        // IMMEDIATE takes the write lock before schema_version is read, so two processes starting together apply
        // each script once: the second waits, then finds the first one's rows.
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, CreateSchemaVersionTable);
        var applied = ReadAppliedScripts(connection, transaction);

        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var recorded))
            {
                if (string.Equals(recorded.Name, script.Name, StringComparison.Ordinal)
                    && string.Equals(recorded.Checksum, script.Checksum, StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"Schema script '{script.Name}' (checksum {script.Checksum}) does not match version {script.Version} " +
                    $"recorded as '{recorded.Name}' (checksum {recorded.Checksum}). Applied scripts are forward-only: " +
                    "restore the original and put the change in a new script.");
            }

            Execute(connection, transaction, script.Text);
            RecordScript(connection, transaction, script);
        }

        transaction.Commit();
    }

    private static void EnableWriteAheadLog(SqliteConnection connection)
    {
        // WAL lets readers run beside the single writer and commits with one append instead of rewriting the
        // rollback journal. The mode is stored in the file, so the provider's connections inherit it.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite database '{connection.DataSource}' did not switch to WAL journal mode (it reports '{mode}').");
        }
    }

    private static Dictionary<int, (string Name, string Checksum)> ReadAppliedScripts(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, script_name, checksum FROM schema_version;";
        using var reader = command.ExecuteReader();
        var applied = new Dictionary<int, (string Name, string Checksum)>();
        while (reader.Read())
        {
            applied.Add(reader.GetInt32(0), (reader.GetString(1), reader.GetString(2)));
        }

        return applied;
    }

    private static void RecordScript(SqliteConnection connection, SqliteTransaction transaction, SchemaScript script)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO schema_version (version, script_name, checksum, applied_at)
            VALUES ($version, $scriptName, $checksum, $appliedAt);
            """;
        command.Parameters.AddWithValue("$version", script.Version);
        command.Parameters.AddWithValue("$scriptName", script.Name);
        command.Parameters.AddWithValue("$checksum", script.Checksum);
        command.Parameters.AddWithValue("$appliedAt", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<SchemaScript> LoadScripts(string resourcePrefix)
    {
        var assembly = typeof(SqliteSchemaInitializer).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resourceName in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)
                                 && n.EndsWith(ScriptExtension, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var name = resourceName[resourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' cannot be read.");
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

            // Checksum the text with LF line endings and no BOM, so that a Windows checkout (core.autocrlf) builds a
            // script with the same checksum as the one recorded by a Linux build.
            var text = reader.ReadToEnd().ReplaceLineEndings("\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            var version = ParseVersion(name);
            if (scripts.Count > 0 && scripts[^1].Version >= version)
            {
                throw new InvalidOperationException(
                    $"Schema script '{name}' repeats or goes back from version {scripts[^1].Version} of '{scripts[^1].Name}'.");
            }

            scripts.Add(new SchemaScript(version, name, text, checksum));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No schema scripts are embedded under '{resourcePrefix}'.");
        }

        return scripts;
    }

    // Scripts are named NNNN_description.sql; the zero-padded number is the version, so ordinal name order is
    // version order.
    private static int ParseVersion(string scriptName)
    {
        var separator = scriptName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0
            || !int.TryParse(scriptName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version <= 0)
        {
            throw new InvalidOperationException(
                $"Schema script '{scriptName}' must be named 'NNNN_description.sql' with a positive version number.");
        }

        return version;
    }

    private sealed record SchemaScript(int Version, string Name, string Text, string Checksum);
}
