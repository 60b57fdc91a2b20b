using System.Globalization;
using System.Text.RegularExpressions;
using CustomerService.Grains.Conversations;
using CustomerService.Integration.Tests.Cluster;
using CustomerService.Integration.Tests.Hosting;
using CustomerService.Integration.Tests.Postgres;
using CustomerService.Simulator.Llm;

namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// The production shape on loopback, for the failover tests: two standalone silos (Redis membership with the Test
/// profile, PostgreSQL state in a database of its own, migrated) and one Client-mode ingress, each its own process,
/// with the simulator's fake OpenAI-compatible model in the test process. Users' rate limit is raised out of the way,
/// so that every message gets its answer rather than the over-limit text.
/// </summary>
public sealed partial class FailoverCluster : IAsyncDisposable
{
    /// <summary>Burst and refill per minute of every user's rate limit (the defaults are 10 and 10).</summary>
    public const int RateLimit = 1000;

    /// <summary>
    /// Model calls at once per silo. A silo runs at most 64 model calls at once anyway (the model worker's
    /// <c>maxLocalWorkers</c>); the traffic keeps under that even when one silo carries all of it.
    /// </summary>
    public const int ModelCallsPerSilo = 64;

    /// <summary>Names a folder to write every process's output to when the cluster is disposed.</summary>
    public const string LogsVariable = "CS_FAILOVER_LOGS";

    private readonly List<HostProcess> _silos = [];

    private FailoverCluster(FakeOpenAiServer model) => Model = model;

    public PostgresTestDatabase Database { get; } = new();

    public TestClusterIdentity Identity { get; } = TestClusterIdentity.New();

    public FakeOpenAiServer Model { get; }

    public HostProcess Ingress { get; private set; } = null!;

    public IReadOnlyList<HostProcess> Silos => _silos;

    /// <summary>What the conversations say on WeChat's last attempt when the answer is not ready.</summary>
    public static string StillWorking => new ReplyTextOptions().StillWorking;

    /// <summary>What goes between a late answer and the reply it is placed in front of.</summary>
    public static string LateAnswerSeparator => new ReplyTextOptions().LateAnswerSeparator;

    /// <summary>Starts the model, two silos and then the ingress (so that it sees both gateways at once), all ready.</summary>
    public static async Task<FailoverCluster> StartAsync(Func<string, TimeSpan> modelDelay, CancellationToken cancellationToken)
    {
        var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellationToken);
        model.DelayFor = modelDelay;
        var cluster = new FailoverCluster(model);
        try
        {
            await cluster.Database.InitializeAsync();
            await cluster.Database.MigrateAsync();
            cluster.StartSilo("silo-a");
            cluster.StartSilo("silo-b");
            await Task.WhenAll(cluster._silos.Select(s => s.WaitUntilReadyAsync(cancellationToken)));
            cluster.Ingress = ClusterProcesses.StartIngress(cluster.Identity, Common);
            await cluster.Ingress.WaitUntilReadyAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo registered at <paramref name="siloAddress"/> (<c>127.0.0.1:port@generation</c>).</summary>
    public HostProcess SiloAt(string siloAddress) =>
        _silos.Single(s => siloAddress.StartsWith($"127.0.0.1:{s.Settings["Cluster:SiloPort"]}@", StringComparison.Ordinal));

    private string NameAt(string siloAddress) =>
        _silos.FirstOrDefault(s => siloAddress.StartsWith(AddressPrefix(s), StringComparison.Ordinal))?.Name ?? siloAddress;

    /// <summary>The membership table's address prefix of <paramref name="silo"/> (<c>127.0.0.1:port@</c>).</summary>
    public static string AddressPrefix(HostProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return $"127.0.0.1:{silo.Settings["Cluster:SiloPort"]}@";
    }

    /// <summary>
    /// The membership table in words, one line per silo, sorted: its name and status, and for a dead one who marked
    /// it so (itself, on a graceful stop; another silo, whose probes voted it out).
    /// </summary>
    public async Task<IReadOnlyList<string>> MembershipAsync()
    {
        var entries = await RedisMembership.ReadAsync(Identity);
        var suspectors = await RedisMembership.ReadSuspectorsAsync(Identity);
        return [.. entries
            .Select(e => e.Status switch
            {
                RedisMembership.Active => $"{NameAt(e.SiloAddress)} active",
                RedisMembership.Dead => $"{NameAt(e.SiloAddress)} dead, marked by {string.Join(" and ", suspectors[e.SiloAddress].Select(NameAt).Distinct().Order())}",
                _ => $"{NameAt(e.SiloAddress)} status {e.Status}",
            })
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A counter's value from a silo's <c>/metrics</c> (Prometheus text), summed over its label sets.</summary>
    public static async Task<double> ReadCounterAsync(HostProcess silo, string prometheusName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var http = new HttpClient { BaseAddress = silo.ProbeAddress };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        return text.Split('\n')
            .Where(l => l.StartsWith(prometheusName + "{", StringComparison.Ordinal) || l.StartsWith(prometheusName + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The error-level entries a host logged from its line <paramref name="fromLine"/> on (.NET's console format:
    /// <c>fail:</c> or <c>crit:</c> with the category, then the message on the next line).
    /// </summary>
    public static IReadOnlyList<string> ErrorEntries(HostProcess host, int fromLine = 0)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lines = host.Output.Lines;
        var entries = new List<string>();
        for (var i = fromLine; i < lines.Count; i++)
        {
            if (ErrorLevel().IsMatch(lines[i]))
            {
                entries.Add($"{host.Name}: {lines[i]} {(i + 1 < lines.Count ? lines[i + 1].Trim() : "")}");
            }
        }

        return entries;
    }

    /// <summary>How many times a host logged that it ran an unanswered push again (our Information line).</summary>
    public static int RerunLines(HostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Output.Lines.Count(l => l.Contains("running unanswered push", StringComparison.Ordinal));
    }

    public HostProcess StartSilo(string name)
    {
        var settings = new Dictionary<string, string>(Common, StringComparer.Ordinal)
        {
            ["Llm:Provider"] = "OpenAI",
            ["Llm:BaseUrl"] = Model.BaseUrl.ToString(),
            ["Llm:Model"] = "simulated",
            ["Llm:MaxConcurrentCalls"] = ModelCallsPerSilo.ToString(CultureInfo.InvariantCulture),
            ["Conversations:RateLimit:Capacity"] = RateLimit.ToString(CultureInfo.InvariantCulture),
            ["Conversations:RateLimit:RefillPerMinute"] = RateLimit.ToString(CultureInfo.InvariantCulture),
            // Room for every message of a run, so that a conversation's whole history can be compared.
            ["Conversations:History:MaxTurns"] = "50",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        var silo = ClusterProcesses.StartSilo(Identity, Database.DataConnectionString, settings, name);
        _silos.Add(silo);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        // For a look at a run afterwards: every process's output, when CS_FAILOVER_LOGS names a folder.
        if (Environment.GetEnvironmentVariable(LogsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var host in _silos.Append(Ingress).OfType<HostProcess>())
            {
                await File.WriteAllLinesAsync(Path.Combine(folder, $"{Identity.ClusterId}-{host.Name}.log"), host.Output.Lines);
            }
        }

        if (Ingress is not null)
        {
            await Ingress.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await Model.DisposeAsync();
        await Database.DisposeAsync();
        await RedisMembership.DeleteAsync(Identity);
    }

    // For every process: the membership profile that declares a killed silo dead in about 2 s.
    private static Dictionary<string, string> Common => new(StringComparer.Ordinal)
    {
        ["Cluster:MembershipProfile"] = "Test",
    };

    [GeneratedRegex(@"^(fail|crit): ")]
    private static partial Regex ErrorLevel();
}
