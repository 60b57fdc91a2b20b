using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using CustomerService.Simulator.WeChat;
using Xunit.Sdk;

namespace CustomerService.EndToEnd.Tests.Hosting;

/// <summary>
/// The real server, started as the README says (<c>dotnet run --project src/IngressApi</c> from the repository root,
/// so that the launch profile's Development environment and its demo account apply), but with <c>--no-build</c>
/// (the test build has just built it) and with its own HTTP, silo and gateway ports and its own data folder. The
/// whole process tree is killed on dispose, whether the tests passed or not.
/// </summary>
public sealed class IngressServerProcess : IAsyncLifetime
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly OutputTail _output = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cs-e2e-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>What the server printed last.</summary>
    public string OutputTail => _output.ToString();

    public async ValueTask InitializeAsync()
    {
        var ports = FreeTcpPorts.Take(3);
        BaseAddress = new Uri($"http://127.0.0.1:{ports[0].ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(_dataDirectory);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "run", "--no-build", "--configuration", BuildConfiguration(), "--project", Path.Combine("src", "IngressApi"), "--",
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--Storage:DataDirectory", _dataDirectory,
            "--Cluster:SiloPort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort", ports[2].ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await WaitUntilReadyAsync();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await StopAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Runs an assertion and, when it fails, adds what each exchange got (status, protocol error) and the server's
    /// last output to the message.
    /// </summary>
    public void AssertWithOutput(Action assertion, params SimulatedExchange[] exchanges)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(exchanges);
        try
        {
            assertion();
        }
        catch (XunitException ex)
        {
            var nl = Environment.NewLine;
            throw new XunitException(
                ex.Message + nl + "--- exchanges ---" + nl + string.Join(nl, exchanges.Select(WeChatUserSimulator.Describe))
                + nl + "--- server output (tail) ---" + nl + OutputTail,
                ex);
        }
    }

    // Polling is the only way to learn when another process is ready; the deadline bounds it.
    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyDeadline.TotalSeconds * Stopwatch.Frequency);
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"The server exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while it starts.
            }

            await Task.Delay(ReadyPollInterval, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"/readyz was not 200 within {ReadyDeadline.TotalSeconds} s.{Environment.NewLine}{OutputTail}");
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                // dotnet run starts the app as a child process; killing only `dotnet run` would leave the server up.
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    // --no-build runs whatever is in bin/<Configuration>; use the configuration these tests were built in, which is
    // the one `dotnet test` has just built src/IngressApi in (through the project reference).
    private static string BuildConfiguration() =>
        typeof(IngressServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";
}
