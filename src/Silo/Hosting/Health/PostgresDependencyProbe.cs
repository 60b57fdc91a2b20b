using Npgsql;

namespace CustomerService.Silo.Hosting.Health;

/// <summary>
/// <c>SELECT 1</c> on the process's one <see cref="NpgsqlDataSource"/>: the same pool, server and role as grain
/// storage, reminders and the records writer, so a failing probe means they fail too.
/// </summary>
public sealed class PostgresDependencyProbe(NpgsqlDataSource dataSource) : IDependencyProbe
{
    public string Name => "postgres";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1;");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
