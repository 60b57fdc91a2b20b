using System.Diagnostics;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Migrations;
using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary><c>dotnet run --project src/Silo -- migrate</c>, in process and as the real command.</summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_MigrateConnectionString_AppliesTheScriptsAndExitsZero()
    {
        var (exitCode, output, error) = await RunAsync($"--ConnectionStrings:postgres-migrate={_database.OwnerConnectionString}");

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Contains("migrate: applied 0001_orleans_storage.sql", output, StringComparison.Ordinal);
        Assert.Contains("migrate: applied 0002_orleans_reminders.sql", output, StringComparison.Ordinal);
        Assert.Contains("migrate: applied 0003_conversation_records.sql", output, StringComparison.Ordinal);
        Assert.Contains($"migrate: schema version 0 -> {PostgresSchemaScripts.RequiredVersion}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecondRun_ExitsZeroWithNothingToApply()
    {
        await RunAsync($"--ConnectionStrings:postgres-migrate={_database.OwnerConnectionString}");

        var (exitCode, output, _) = await RunAsync($"--ConnectionStrings:postgres-migrate={_database.OwnerConnectionString}");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("applied", output, StringComparison.Ordinal);
        Assert.Contains("nothing to apply", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OnlyThePostgresConnectionString_FallsBackToIt()
    {
        var (exitCode, output, _) = await RunAsync($"--ConnectionStrings:postgres={_database.OwnerConnectionString}");

        Assert.Equal(0, exitCode);
        Assert.Contains("migrate: applied 0002_orleans_reminders.sql", output, StringComparison.Ordinal);
        Assert.Contains("(from ConnectionStrings:postgres: no ConnectionStrings:postgres-migrate is set)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DataOnlyRole_ExitsOneWithTheServersRefusal()
    {
        var (exitCode, _, error) = await RunAsync($"--ConnectionStrings:postgres-migrate={_database.DataConnectionString}");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("migrate: failed: 42501: permission denied", error, StringComparison.Ordinal);
        Assert.DoesNotContain("POSITION", error, StringComparison.Ordinal);
        Assert.Contains("run migrate as the role that owns the tables, with ConnectionStrings:postgres-migrate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoConnectionString_ExitsOneNamingTheSettings()
    {
        var (exitCode, _, error) = await RunAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith("migrate: set ConnectionStrings:postgres-migrate (the table owner role) or ConnectionStrings:postgres", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnyOutcome_NeverPrintsThePassword()
    {
        var password = new Npgsql.NpgsqlConnectionStringBuilder(_database.OwnerConnectionString).Password!;

        var (_, output, error) = await RunAsync($"--ConnectionStrings:postgres-migrate={_database.OwnerConnectionString}");

        Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
    }

    // The command exactly as the README gives it, from the repository root, with the owner's connection string in
    // the environment as a Kubernetes Secret would put it there (a variable name with a dash, which only env can set).
    [Fact]
    public async Task DotnetRunMigrate_OwnerConnectionStringInTheEnvironment_ExitsZero()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "--configuration", RepositoryRoot.BuildConfiguration, "--project", Path.Combine("src", "Silo"), "--", "migrate" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__postgres-migrate"] = _database.OwnerConnectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.Equal((0, ""), (process.ExitCode, await error));
        Assert.Contains("migrate: applied 0002_orleans_reminders.sql", await output, StringComparison.Ordinal);
        Assert.Equal(PostgresSchemaScripts.RequiredVersion, await PostgresSchemaMigrator.ReadVersionAsync(_database.OwnerDataSource(), Ct));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MigrateCommand.RunAsync(args, output, error, Ct);
        return (exitCode, output.ToString(), error.ToString().TrimEnd());
    }
}
