namespace CustomerService.Silo.Hosting.Health;

/// <summary>One external service the process depends on, checked by <see cref="DependencyProbeService"/>.</summary>
public interface IDependencyProbe
{
    /// <summary>The <c>dependency</c> label of <c>cs.dependency.up</c>: <c>postgres</c> or <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>Completes when the service answered; throws when it did not.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
