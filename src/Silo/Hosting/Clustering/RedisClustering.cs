using StackExchange.Redis;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>The Redis that holds the membership table (<c>ConnectionStrings:redis</c>), for silos and clients alike.</summary>
public static class RedisClustering
{
    public const string ConnectionStringName = "redis";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"Cluster:Provider={ClusterProvider.Redis} needs ConnectionStrings:{ConnectionStringName}.");

    /// <summary>
    /// The connection string's options, set not to give up when Redis is down at start: the multiplexer keeps
    /// reconnecting in the background, so that a Redis restart is a pause for the membership table, not the end of
    /// every process that was starting at that moment.
    /// </summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return options;
    }
}
