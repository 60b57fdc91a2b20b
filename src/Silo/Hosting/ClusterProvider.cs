namespace CustomerService.Silo.Hosting;

/// <summary>How silos find each other (<c>Cluster:Provider</c>).</summary>
public enum ClusterProvider
{
    /// <summary>One silo on this machine: the embedded default.</summary>
    Localhost = 0,

    /// <summary>Membership in Redis (<c>ConnectionStrings:redis</c>).</summary>
    Redis = 1,
}
