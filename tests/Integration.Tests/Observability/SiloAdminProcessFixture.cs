using System.Diagnostics;
using System.Globalization;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;

namespace CustomerService.Integration.Tests.Observability;

/// <summary>
/// The standalone silo host (<c>dotnet run --project src/Silo</c>) as production runs it: PostgreSQL state on a
/// migrated database as the data-only role, its admin web host on its own port, and the dashboard's secret set.
/// Started once for the class, and ready when the host has started (its silo is a hosted service it awaits).
/// </summary>
public sealed class SiloAdminProcessFixture : IAsyncLifetime
{
    public const string DashboardUser = "operator";

    public const string DashboardPassword = "SiloDashboardPassword001";

    private readonly PostgresTestDatabase _database = new();
    private Process? _silo;

    public CapturedOutput Output { get; } = new();

    public HttpClient Admin { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int GatewayPort { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        var ports = FreePorts.Take(3);
        GatewayPort = ports[1];
        Admin.BaseAddress = new Uri($"http://127.0.0.1:{ports[2].ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "--configuration", RepositoryRoot.BuildConfiguration, "--project", Path.Combine("src", "Silo") })
        {
            start.ArgumentList.Add(argument);
        }

        // As a Kubernetes Deployment sets them: a ConfigMap's settings and the Secrets.
        start.Environment["Storage__Provider"] = "PostgreSql";
        start.Environment["ConnectionStrings__postgres"] = _database.DataConnectionString;
        start.Environment["Cluster__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__AdminPort"] = ports[2].ToString(CultureInfo.InvariantCulture);
        start.Environment["Dashboard__Username"] = DashboardUser;
        start.Environment["Dashboard__Password"] = DashboardPassword;
        _silo = new Process { StartInfo = start };
        _silo.OutputDataReceived += (_, e) => Output.Add(e.Data);
        _silo.ErrorDataReceived += (_, e) => Output.Add(e.Data);
        _silo.Start();
        _silo.BeginOutputReadLine();
        _silo.BeginErrorReadLine();

        // The host logs this once every hosted service, the silo included, has started.
        await Output.WaitForAsync(l => l.Contains("Application started.", StringComparison.Ordinal), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            if (!_silo.HasExited)
            {
                _silo.Kill(entireProcessTree: true);
            }

            await _silo.WaitForExitAsync();
            _silo.Dispose();
        }

        Admin.Dispose();
        await _database.DisposeAsync();
    }
}
