using System.Collections.Concurrent;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Tests.Storage;
using CustomerService.Silo.Hosting.Storage;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

/// <summary>
/// Two in-process silos on one SQLite file, the fake WeChat API on loopback, and one fake clock shared by the fake
/// and our grains. Accounts come from a pool registered up front (the silos read secrets from their options), so
/// that every test gets accounts of its own.
/// </summary>
public sealed class AccessTokenClusterFixture : IAsyncLifetime
{
    private const int PoolSize = 40;
    private const string Secret = "TokenTestSecret00000000000000000";

    private readonly TemporarySqliteDatabase _database = new();
    private readonly ConcurrentQueue<string> _accounts = new();
    private readonly ConcurrentQueue<string> _misconfigured = new();

    /// <summary>10:00 in Beijing on the first day.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    public FakeWeChatApiServer Api { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Api = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions { TimeProvider = Time }, TestContext.Current.CancellationToken);
        var configured = new List<WeChatAccountOptions>();
        for (var i = 0; i < PoolSize; i++)
        {
            var appId = $"wxtoken{i:D9}";
            Api.RegisterAccount(appId, Secret);

            // A quarter of the pool is configured with a wrong AppSecret (40125 from the token endpoint).
            var misconfigured = i % 4 == 3;
            configured.Add(new WeChatAccountOptions { AppId = appId, AppSecret = misconfigured ? "WrongSecret" : Secret });
            (misconfigured ? _misconfigured : _accounts).Enqueue(appId);
        }

        SqliteSchemaInitializer.EnsureSchema(_database.ConnectionString);
        var connectionString = _database.ConnectionString;
        var time = Time;
        var apiBase = Api.BaseAddress;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(StorageNames.GrainState, connectionString);
            silo.Services.AddSingleton(new ConversationClock(time));
            silo.Services.Configure<WeChatOptions>(o =>
            {
                o.ApiBaseUrl = apiBase;
                o.Accounts.AddRange(configured);
            });
            silo.Services.AddWeChatApiClient();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        _database.Dispose();
    }

    /// <summary>An account configured with its right secret, used by no other test.</summary>
    public string NewAccount() =>
        _accounts.TryDequeue(out var appId) ? appId : throw new InvalidOperationException("The account pool is used up: raise PoolSize.");

    /// <summary>An account configured with a wrong secret, used by no other test.</summary>
    public string NewMisconfiguredAccount() =>
        _misconfigured.TryDequeue(out var appId) ? appId : throw new InvalidOperationException("The misconfigured pool is used up: raise PoolSize.");

    public IAccessTokenGrain Authority(string appId) => Cluster.Client.GetGrain<IAccessTokenGrain>(AccountKey.WeChat(appId).ToString());

    /// <summary>The authority as seen from inside silo <paramref name="silo"/>, so that calls originate there.</summary>
    public IAccessTokenGrain AuthorityFromSilo(int silo, string appId) =>
        Cluster.Silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IAccessTokenGrain>(AccountKey.WeChat(appId).ToString());

    public SqliteConnection OpenDatabase() => _database.Open();
}
