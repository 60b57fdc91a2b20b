using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CustomerService.Silo.Hosting.Storage;

/// <summary>The PostgreSQL schema scripts embedded under <c>Sql/Postgres</c>, in version order.</summary>
public static class PostgresSchemaScripts
{
    // Embedded resource names are the root namespace plus the folder path with dots: Sql/Postgres/0001_x.sql.
    private const string ScriptResourcePrefix = "CustomerService.Silo.Sql.Postgres.";
    private const string ScriptExtension = ".sql";

    private static readonly Lazy<IReadOnlyList<PostgresSchemaScript>> Embedded = new(LoadEmbedded);

    /// <summary>Every embedded script, lowest version first.</summary>
    public static IReadOnlyList<PostgresSchemaScript> All => Embedded.Value;

    /// <summary>The schema version this build needs: its highest script's.</summary>
    public static int RequiredVersion => Embedded.Value[^1].Version;

    /// <summary>
    /// Checks that <paramref name="scripts"/> is non-empty and strictly increasing by version, and returns it as a list.
    /// </summary>
    public static IReadOnlyList<PostgresSchemaScript> InOrder(IEnumerable<PostgresSchemaScript> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        var list = scripts.ToList();
        if (list.Count == 0)
        {
            throw new InvalidOperationException("There are no PostgreSQL schema scripts.");
        }

        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Version <= list[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Schema script '{list[i].Name}' repeats or goes back from version {list[i - 1].Version} of '{list[i - 1].Name}'.");
            }
        }

        return list;
    }

    // Checksum the text with LF line endings and no BOM, so that a Windows checkout (core.autocrlf) builds a script with
    // the same checksum as the one a Linux build recorded.
    internal static string ComputeChecksum(string normalizedText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText)));

    // Scripts are named NNNN_description.sql; the zero-padded number is the version, so ordinal name order is version
    // order.
    internal static int ParseVersion(string scriptName)
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

    private static IReadOnlyList<PostgresSchemaScript> LoadEmbedded()
    {
        var assembly = typeof(PostgresSchemaScripts).Assembly;
        var scripts = new List<PostgresSchemaScript>();
        foreach (var resourceName in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ScriptResourcePrefix, StringComparison.Ordinal)
                                 && n.EndsWith(ScriptExtension, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' cannot be read.");
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            scripts.Add(PostgresSchemaScript.Create(resourceName[ScriptResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return InOrder(scripts);
    }
}
