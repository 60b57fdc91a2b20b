namespace CustomerService.Grains.Tests.Knowledge;

/// <summary>
/// Tests that change the process-wide current directory. They run alone, after the parallel tests, so that no
/// other test resolves a relative path meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectoryCollectionDefinition
{
    public const string Name = "Current directory";
}
