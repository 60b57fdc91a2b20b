using System.Globalization;
using CustomerService.IngressApi.Conversations;
using CustomerService.IngressApi.Tests.WeChat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// The ingress in process, in environment "Test", with <see cref="TestAccount"/> as its only account. Its co-hosted
/// silo gets free ports and its own data folder, so that hosts never collide with each other or with a developer's
/// server. When a dispatcher is given it replaces the grain dispatcher and nothing else.
/// </summary>
public sealed class IngressApiFactory : WebApplicationFactory<Program>
{
    public const string EnvironmentName = "Test";

    private readonly IConversationDispatcher? _dispatcher;
    private readonly CapturedLogs? _logs;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly TemporaryDirectory _dataDirectory = new();

    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="dispatcher">Replaces the grain dispatcher, when given.</param>
    /// <param name="settings">Settings on top of the test account and the host's own ports and folder.</param>
    /// <param name="logs">Receives every line the host logs, at every level, when given.</param>
    /// <param name="configureServices">Replaces further services after the host's own (ConfigureTestServices).</param>
    public IngressApiFactory(
        IConversationDispatcher? dispatcher = null,
        IReadOnlyDictionary<string, string>? settings = null,
        CapturedLogs? logs = null,
        Action<IServiceCollection>? configureServices = null)
    {
        _dispatcher = dispatcher;
        _logs = logs;
        _configureServices = configureServices;
        var (siloPort, gatewayPort) = FreeTcpPort.NextPair();
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        var all = new Dictionary<string, string>(TestAccount.Settings, StringComparer.Ordinal)
        {
            ["Storage:DataDirectory"] = _dataDirectory.Path,
            ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        _settings = all;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string DataDirectory => _dataDirectory.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(EnvironmentName);

        // UseSetting (not ConfigureAppConfiguration) because the silo's ports and data folder are read from
        // builder.Configuration while Program composes the host, before app-configuration callbacks run.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_logs is { } logs)
        {
            // A provider-specific rule, so that the configured levels of the other providers do not apply to it.
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        }

        if (_dispatcher is { } dispatcher)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IConversationDispatcher>();
                services.AddSingleton(dispatcher);
            });
        }

        if (_configureServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dataDirectory.Dispose();
    }
}
