using Orleans.Configuration;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>The settings behind each <see cref="MembershipProfile"/>, for silos and for clients.</summary>
/// <remarks>
/// Orleans' defaults (5 s probe timeout, 3 missed probes, I-am-alive row every 30 s, table read every 60 s) declared a
/// <c>kill -9</c>ed silo dead after 12–17 s on this project's test machine; calls to its grains fail for that long.
/// Neither profile lowers <see cref="ClusterMembershipOptions.NumVotesForDeathDeclaration"/>: Orleans already needs
/// only min(votes, ⌈active silos / 2⌉), so two silos need one vote, and a value of 1 would let any single silo evict
/// another in a cluster of three or more. In Kubernetes a deleted pod is declared dead at once in either profile
/// (UseKubernetesHosting).
/// </remarks>
public static class MembershipProfiles
{
    public static void Apply(MembershipProfile profile, ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (profile)
        {
            case MembershipProfile.Test:
                // Measured in the notes: a killed silo is declared dead in about 1.1–1.3 s (2 missed 1 s probes).
                // The shorter table periods let the survivors and a restarted silo see the change within seconds.
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                break;
            default:
                // 3 missed 2 s probes: a GC pause or a CPU-starved pod does not get a healthy silo evicted, and a
                // crashed one is still found within seconds rather than Orleans' default quarter-minute.
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 3;
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
                options.TableRefreshTimeout = TimeSpan.FromSeconds(30);
                break;
        }
    }

    /// <summary>
    /// How often a client re-reads the gateway list from the membership table: a silo that joined is used as a
    /// gateway only after this (a dead gateway is dropped at once, when its connection breaks).
    /// </summary>
    public static TimeSpan GatewayListRefreshPeriod(MembershipProfile profile) =>
        profile == MembershipProfile.Test ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(30);
}
