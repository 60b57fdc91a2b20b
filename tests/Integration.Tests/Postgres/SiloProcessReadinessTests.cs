using System.Diagnostics;
using System.Globalization;
using System.Net;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// The standalone silo host (<c>dotnet run --project src/Silo</c>) in PostgreSQL mode on a database <c>migrate</c> has
/// not prepared yet: its admin port answers the probes while it waits, live but not ready, and it becomes ready once
/// the schema is migrated, without a restart.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class SiloProcessReadinessTests : IAsyncLifetime
{
    // Only so that a host that never answers fails the test instead of hanging the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly PostgresTestDatabase _database = new();
    private readonly CapturedOutput _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _silo;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var ports = FreePorts.Take(3);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{ports[2].ToString(CultureInfo.InvariantCulture)}");
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

        // As a Kubernetes Deployment sets them: a ConfigMap's settings and the data-only role's Secret.
        start.Environment["Storage__Provider"] = "PostgreSql";
        start.Environment["ConnectionStrings__postgres"] = _database.DataConnectionString;
        start.Environment["Cluster__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__AdminPort"] = ports[2].ToString(CultureInfo.InvariantCulture);
        _silo = new Process { StartInfo = start };
        _silo.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _silo.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _silo.Start();
        _silo.BeginOutputReadLine();
        _silo.BeginErrorReadLine();
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

        _http.Dispose();
        await _database.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminPort_SchemaNotMigrated_LiveButNotReadyUntilMigrateRuns()
    {
        await _output.WaitForAsync(l => l.Contains($"schema version 0, this build needs {PostgresSchemaScripts.RequiredVersion}: run `dotnet run --project src/Silo -- migrate`", StringComparison.Ordinal), Ct);
        var live = await WaitForStatusAsync("/healthz", _ => true);
        using var notReady = await _http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);

        await _database.MigrateAsync();
        var ready = await WaitForStatusAsync("/readyz", s => s == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready);
    }

    // Polls (bounded) until the admin port answers with a status that satisfies the condition; a refused connection
    // means Kestrel is not listening yet.
    private async Task<HttpStatusCode> WaitForStatusAsync(string path, Func<HttpStatusCode, bool> done)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(HangGuard);
        while (true)
        {
            if (_silo!.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_silo.ExitCode}:\n{_output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), guard.Token);
                if (done(response.StatusCode))
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            try
            {
                await Task.Delay(PollInterval, guard.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{path} did not answer as expected within {HangGuard}. The silo printed:\n{_output}");
            }
        }
    }
}
