using System.ComponentModel.DataAnnotations;

namespace CustomerService.Silo.Hosting;

/// <summary>Cluster settings (section <c>Cluster</c>).</summary>
public sealed class ClusterHostingOptions
{
    public const string SectionName = "Cluster";

    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    public ClusterMode Mode { get; set; } = ClusterMode.CoHosted;

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "customerservice";

    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "customerservice";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The standalone silo's admin web port (probes, metrics, dashboard); never public.</summary>
    [Range(1, 65535)]
    public int AdminPort { get; set; } = 8081;
}
