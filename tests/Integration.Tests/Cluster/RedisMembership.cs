using System.Text.Json;
using CustomerService.Integration.Tests.Hosting;
using StackExchange.Redis;

namespace CustomerService.Integration.Tests.Cluster;

/// <summary>Reads a test cluster's membership table in Redis (one hash, a JSON entry per silo), and removes it.</summary>
public static class RedisMembership
{
    /// <summary>Orleans' <c>SiloStatus</c> values as stored.</summary>
    public const int Active = 3;

    public const int Dead = 6;

    /// <summary>Each silo's entry: its address (<c>127.0.0.1:port@generation</c>), status and gateway port.</summary>
    public static async Task<IReadOnlyList<MembershipEntry>> ReadAsync(TestClusterIdentity cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        var fields = await redis.GetDatabase().HashGetAllAsync(cluster.MembershipKey);
        return [.. fields
            .Where(f => !string.Equals(f.Name, "Version", StringComparison.Ordinal))
            .Select(f => Parse(f.Value.ToString()))];
    }

    /// <summary>Removes the cluster's table once its silos are gone (never under running silos).</summary>
    public static async Task DeleteAsync(TestClusterIdentity cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        await redis.GetDatabase().KeyDeleteAsync(cluster.MembershipKey);
    }

    private static MembershipEntry Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new MembershipEntry(
            root.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!,
            root.GetProperty("Status").GetInt32(),
            root.GetProperty("ProxyPort").GetInt32());
    }
}
