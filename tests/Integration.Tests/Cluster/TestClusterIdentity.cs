namespace CustomerService.Integration.Tests.Cluster;

/// <summary>
/// A cluster of its own for one test (or fixture): a fresh ServiceId and ClusterId, so that clusters of tests running
/// side by side on one Redis never see each other's silos.
/// </summary>
public sealed record TestClusterIdentity(string ServiceId, string ClusterId)
{
    public static TestClusterIdentity New()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new TestClusterIdentity($"cs-test-{id}", $"cs-test-{id}");
    }

    /// <summary>The Redis hash that holds this cluster's membership table (Orleans.Clustering.Redis' key).</summary>
    public string MembershipKey => $"{ServiceId}/members/{ClusterId}";
}
