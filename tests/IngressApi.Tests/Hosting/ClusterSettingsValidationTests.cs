using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// The combinations a process refuses at start, each with a message that names the settings to change: a client
/// without shared membership, several silos on SQLite files, a shutdown that would cut answers off.
/// </summary>
public sealed class ClusterSettingsValidationTests
{
    private const string ClientNeedsRedis =
        "Cluster:Mode=Client needs Cluster:Provider=Redis (and ConnectionStrings:redis): a client finds the silos in their shared membership, which Localhost clustering does not have.";

    private const string RedisNeedsPostgres =
        "Cluster:Provider=Redis needs Storage:Provider=PostgreSql (and ConnectionStrings:postgres): silos of a cluster share one database, and a SQLite file belongs to one machine.";

    [Fact]
    public async Task Start_ClientModeWithLocalhostClustering_FailsNamingModeAndProvider()
    {
        var error = await StartAsync(new() { ["Cluster:Mode"] = "Client", ["Cluster:Provider"] = "Localhost" });

        Assert.Equal([ClientNeedsRedis], error.Failures);
    }

    [Fact]
    public async Task Start_CoHostedSiloWithRedisClusteringOnSqlite_FailsNamingProviderAndStorage()
    {
        var error = await StartAsync(new()
        {
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["Storage:Provider"] = "Sqlite",
        });

        Assert.Equal([RedisNeedsPostgres], error.Failures);
    }

    [Fact]
    public async Task Start_ShutdownTimeoutNotAboveTheReplyBudget_FailsNamingBoth()
    {
        var error = await StartAsync(new() { ["Ingress:ShutdownTimeoutSeconds"] = "4", ["Channels:WeChat:ReplyBudgetMs"] = "4500" });

        Assert.Equal(
            ["Ingress:ShutdownTimeoutSeconds (4) must exceed Channels:WeChat:ReplyBudgetMs (4500 ms), or a stopping ingress cuts answers off."],
            error.Failures);
    }

    // GrainCallBudget refuses an attempt shorter than 250 ms: a smaller setting must stop the start, not fail every
    // push when the budget is first made inside a request.
    [Fact]
    public async Task Start_RecordTimeoutBelowTheShortestAttempt_FailsNamingTheSetting()
    {
        var error = await StartAsync(new() { ["Cluster:RecordTimeoutMs"] = "249" });

        Assert.Contains(error.Failures, f => f.Contains("RecordTimeoutMs", StringComparison.Ordinal) && f.Contains("250", StringComparison.Ordinal));
    }

    [Fact]
    public void Budget_TheSmallestRecordTimeoutValidationAccepts_IsOneTheBudgetTakes()
    {
        var range = typeof(CustomerService.IngressApi.Conversations.GrainCallOptions)
            .GetProperty(nameof(CustomerService.IngressApi.Conversations.GrainCallOptions.RecordTimeoutMs))!
            .GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.RangeAttribute), inherit: false)
            .Cast<System.ComponentModel.DataAnnotations.RangeAttribute>().Single();

        var budget = CustomerService.IngressApi.Conversations.GrainCallBudget.From(new() { RecordTimeoutMs = (int)range.Minimum });

        Assert.Equal(CustomerService.IngressApi.Conversations.GrainCallBudget.MinimumAttempt, budget.RecordTimeout);
    }

    // The standalone silo host validates with the silo role, as the co-hosted one does.
    [Fact]
    public void Validate_StandaloneSiloWithRedisOnSqlite_Fails()
    {
        var validator = new ClusterHostingOptionsValidator(ClusterHostRole.Silo, Options.Create(new StorageHostingOptions { Provider = StorageProvider.Sqlite }));

        var result = validator.Validate(null, new ClusterHostingOptions { Provider = ClusterProvider.Redis });

        Assert.Equal([RedisNeedsPostgres], result.Failures);
    }

    [Fact]
    public void Validate_SiloWithRedisOnPostgres_Succeeds()
    {
        var validator = new ClusterHostingOptionsValidator(ClusterHostRole.Silo, Options.Create(new StorageHostingOptions { Provider = StorageProvider.PostgreSql }));

        var result = validator.Validate(null, new ClusterHostingOptions { Provider = ClusterProvider.Redis });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    // A client stores nothing: its storage settings (absent, or the embedded default) are not its concern.
    [Fact]
    public void Validate_ClientWithRedis_SucceedsWhateverTheStorage()
    {
        var validator = new ClusterHostingOptionsValidator(ClusterHostRole.Client, storage: null);

        var result = validator.Validate(null, new ClusterHostingOptions { Provider = ClusterProvider.Redis, Mode = ClusterMode.Client });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_PodLabelsDifferFromClusterSettings_FailsNamingBoth()
    {
        var validator = new PodClusterIdentityValidator(podClusterId: "blue", podServiceId: "customerservice");

        var result = validator.Validate(null, new ClusterHostingOptions { ClusterId = "green", ServiceId = "customerservice" });

        Assert.Equal(
            ["ORLEANS_CLUSTER_ID (blue) differs from Cluster:ClusterId (green); the pod's orleans/clusterId label must equal Cluster:ClusterId."],
            result.Failures);
    }

    private static async Task<OptionsValidationException> StartAsync(Dictionary<string, string> settings)
    {
        await using var factory = new IngressApiFactory(settings: settings);
        var error = Record.Exception(() => factory.CreateClient());
        return Assert.IsType<OptionsValidationException>(error);
    }
}
