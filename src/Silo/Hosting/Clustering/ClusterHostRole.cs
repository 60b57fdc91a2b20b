namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>What a process is in the cluster, which decides the settings it may combine.</summary>
public enum ClusterHostRole
{
    /// <summary>It hosts a silo: the standalone silo host, or the ingress co-hosting one.</summary>
    Silo = 0,

    /// <summary>It is an Orleans client of silos elsewhere: the ingress with <c>Cluster:Mode = Client</c>.</summary>
    Client = 1,
}
