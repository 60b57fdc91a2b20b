using System.Diagnostics;
using System.Net;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>
/// One of our hosts (the standalone silo, or the ingress) as a real process, started from its build output with the
/// settings a test gives it as environment variables (<c>Section__Key</c>, as a Kubernetes Deployment sets them). It
/// runs the built assembly itself, not <c>dotnet run</c>, so that <see cref="Kill"/> and <see cref="Terminate"/>
/// reach the host and not a launcher in front of it. Its output is captured, and the process is killed on dispose if
/// it still runs. Building block of the cluster tests and of the failover test (several silos, one ingress).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    // Only so that a host that never answers fails the test instead of hanging the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;
    private readonly HttpClient _probe;

    private HostProcess(string name, Process process, Uri probeAddress, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        Settings = settings;
        _process = process;
        ProbeAddress = probeAddress;
        _probe = new HttpClient { BaseAddress = probeAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>For messages: which host this is.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>The settings it was started with (ports, cluster identity), as <c>Section:Key</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Where its <c>/healthz</c> and <c>/readyz</c> answer: the silo's admin port, the ingress's HTTP port.</summary>
    public Uri ProbeAddress { get; }

    public CapturedOutput Output { get; } = new();

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>src/<paramref name="project"/></c>'s built assembly (the configuration these tests were built in) in
    /// its output folder, so that its appsettings apply, with <paramref name="settings"/> on top.
    /// </summary>
    public static HostProcess Start(string name, string project, IReadOnlyDictionary<string, string> settings, Uri probeAddress, IReadOnlyList<string>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = Path.Combine(RepositoryRoot.Path, "src", project, "bin", RepositoryRoot.BuildConfiguration, "net10.0");
        var assembly = Path.Combine(folder, $"CustomerService.{project}.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build the solution (the test project builds it) first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        // Production unless a test says otherwise: no Development demo account, and the validation a real pod gets.
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, probeAddress, settings);
        process.OutputDataReceived += (_, e) => host.Output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Polls (bounded) until <paramref name="path"/> answers with a status that satisfies <paramref name="done"/>:
    /// polling is the only way to learn when another process is ready. A refused connection means it is not listening
    /// yet. Fails at once, with the host's output, if the process exits.
    /// </summary>
    public async Task<HttpStatusCode> WaitForStatusAsync(string path, Func<HttpStatusCode, bool> done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(HangGuard);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await _probe.GetAsync(new Uri(path, UriKind.Relative), guard.Token);
                if (done(response.StatusCode))
                {
                    return response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!guard.IsCancellationRequested)
            {
                // Listening, but too slow to answer while it starts.
            }

            try
            {
                await Task.Delay(PollInterval, guard.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name}: {path} did not answer as expected within {HangGuard}. It printed:\n{Output}");
            }
        }
    }

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        WaitForStatusAsync("/readyz", s => s == HttpStatusCode.OK, cancellationToken);

    /// <summary>One probe, now.</summary>
    public async Task<HttpStatusCode> StatusAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _probe.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return response.StatusCode;
    }

    /// <summary><c>kill -9</c>: no graceful stop, nothing deactivated or written on the way down.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the host stops gracefully, as in a rolling deploy.</summary>
    public void Terminate() => UnixSignals.Terminate(_process.Id);

    /// <summary>Waits (bounded) for the process to exit, and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(HangGuard);
        await _process.WaitForExitAsync(guard.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            // Exited before the next test reuses anything of its (ports, Redis keys, database).
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
            _probe.Dispose();
        }
    }
}
