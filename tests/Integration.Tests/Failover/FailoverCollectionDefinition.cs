namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// The failover tests run alone: xunit starts a collection that disables parallelization only after every other
/// collection has finished, and runs nothing beside it. Their membership profile (Test: 1 s probes) can evict a
/// healthy silo on a machine busy with other tests' silos, and their numbers mean something only without them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollectionDefinition
{
    public const string Name = "Failover";
}
