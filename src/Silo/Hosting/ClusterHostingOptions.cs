using System.ComponentModel.DataAnnotations;
using CustomerService.Silo.Hosting.Clustering;

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

    /// <summary>
    /// How quickly silos declare an unresponsive silo dead, and how often a client re-reads the gateway list; see
    /// <see cref="MembershipProfiles"/>.
    /// </summary>
    public MembershipProfile MembershipProfile { get; set; } = MembershipProfile.Production;

    /// <summary>
    /// The shortest period a grain may give a reminder (Orleans' <c>ReminderOptions.MinimumReminderPeriod</c>, one
    /// minute by default there).
    /// </summary>
    /// <remarks>
    /// After a crash, work a grain left unfinished (such as an outbox's unsent replies) resumes only when its reminder
    /// next ticks on the restarted silo, so the reminder's period bounds the recovery delay. Seconds rather than
    /// Orleans' minute keep that delay short. Below one second a reminder is a timer in disguise (a grain call, and
    /// perhaps an activation, on every tick); above a minute nothing would be gained over Orleans' default.
    /// </remarks>
    [Range(1, 60)]
    public int MinimumReminderPeriodSeconds { get; set; } = 10;
}
