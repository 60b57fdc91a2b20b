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

    /// <summary>
    /// Who put each silo on its suspect list (<c>SuspectTimes</c>), by silo address. Orleans adds the silo that declares
    /// another dead, and a silo that marks itself dead on a graceful stop adds itself: so a silo whose list holds only
    /// itself left the cluster, and one with another silo on it was voted out by probes.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadSuspectorsAsync(TestClusterIdentity cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        var fields = await redis.GetDatabase().HashGetAllAsync(cluster.MembershipKey);
        var suspectors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => !string.Equals(f.Name, "Version", StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(field.Value.ToString());
            var root = document.RootElement;
            var list = root.TryGetProperty("SuspectTimes", out var times) && times.ValueKind == JsonValueKind.Array
                ? [.. times.EnumerateArray().Select(t => Address(t.GetProperty("Item1")))]
                : new List<string>();
            suspectors[Address(root.GetProperty("SiloAddress"))] = list;
        }

        return suspectors;
    }

    /// <summary>
    /// Waits (bounded) until the silo whose address starts with <paramref name="addressPrefix"/> has
    /// <paramref name="status"/>, polling: the table is another process's, with nothing to subscribe to.
    /// </summary>
    public static async Task WaitForStatusAsync(TestClusterIdentity cluster, string addressPrefix, int status, CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await ReadAsync(cluster)).All(e => !e.SiloAddress.StartsWith(addressPrefix, StringComparison.Ordinal) || e.Status != status))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), guard.Token);
        }
    }

    /// <summary>Removes the cluster's table once its silos are gone (never under running silos).</summary>
    public static async Task DeleteAsync(TestClusterIdentity cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        await redis.GetDatabase().KeyDeleteAsync(cluster.MembershipKey);
    }

    // A silo address as the Redis table stores it: an object holding the parsable string.
    private static string Address(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetProperty("SiloAddress").GetString()!;

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
