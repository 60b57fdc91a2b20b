namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// Tests that kill silos and read process-wide metrics. They run alone, after the parallel tests, so that no other
/// test's silo adds to a counter and a loaded machine does not stretch membership probes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloRecoveryCollectionDefinition
{
    public const string Name = "Silo recovery";
}
