namespace CustomerService.Silo.Hosting.Storage;

/// <summary>What one <see cref="PostgresSchemaMigrator.MigrateAsync(CancellationToken)"/> run found and did.</summary>
public sealed record PostgresMigrationResult
{
    /// <summary>The database's schema version before the run (0 for an empty database).</summary>
    public required int VersionBefore { get; init; }

    /// <summary>The database's schema version after the run.</summary>
    public required int VersionAfter { get; init; }

    /// <summary>The scripts this run applied, in order; empty when the database was up to date.</summary>
    public required IReadOnlyList<PostgresSchemaScript> Applied { get; init; }
}
