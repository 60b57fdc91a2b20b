namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>How quickly silos declare a silo that stopped answering dead (<c>Cluster:MembershipProfile</c>).</summary>
public enum MembershipProfile
{
    /// <summary>Tolerates a slow or loaded machine: a hard-killed silo was declared dead after 5.1–5.7 s here.</summary>
    Production = 0,

    /// <summary>
    /// Declares a hard-killed silo dead in about 2 s (1.1–1.9 s here), for failover tests that run alone on their
    /// machine. On a loaded machine its 1 s probe timeout can evict a healthy silo.
    /// </summary>
    Test = 1,
}
