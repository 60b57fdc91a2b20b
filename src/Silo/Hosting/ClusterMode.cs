namespace CustomerService.Silo.Hosting;

/// <summary>How the ingress reaches the grains (<c>Cluster:Mode</c>).</summary>
public enum ClusterMode
{
    /// <summary>The ingress process hosts a silo itself: the embedded default.</summary>
    CoHosted = 0,

    /// <summary>The ingress is an Orleans client of a separate silo cluster.</summary>
    Client = 1,
}
