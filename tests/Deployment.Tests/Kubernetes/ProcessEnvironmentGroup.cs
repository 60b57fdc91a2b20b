namespace CustomerService.Deployment.Tests.Kubernetes;

/// <summary>Tests that set process environment variables: they run alone, never beside another test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentGroup
{
    public const string Name = "Process environment";
}
