namespace CustomerService.Silo.Hosting.Storage;

/// <summary>One numbered PostgreSQL schema script (<c>Sql/Postgres/NNNN_description.sql</c>).</summary>
public sealed record PostgresSchemaScript
{
    /// <summary>The number in the name: the schema version the script brings the database to.</summary>
    public required int Version { get; init; }

    /// <summary>The file name, recorded in <c>schema_version.name</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The SQL, with LF line endings.</summary>
    public required string Text { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Text"/> in UTF-8, recorded in <c>schema_version.checksum</c>.</summary>
    public required string Checksum { get; init; }

    /// <summary>A script from its name and text; the version is parsed from the name and the checksum computed.</summary>
    public static PostgresSchemaScript Create(string name, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.ReplaceLineEndings("\n");
        return new PostgresSchemaScript
        {
            Version = PostgresSchemaScripts.ParseVersion(name),
            Name = name,
            Text = normalized,
            Checksum = PostgresSchemaScripts.ComputeChecksum(normalized),
        };
    }
}
