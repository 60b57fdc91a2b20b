using CustomerService.Deployment.Tests.Docker;

namespace CustomerService.Deployment.Tests.Images;

/// <summary>
/// Both images' build stages, run once for the test class: the Dockerfile's restore and publish steps as Docker would
/// run them, from a copy of the build context, in Release. CI has no Docker.
/// </summary>
public sealed class PublishedImages : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> Targets = DockerfileChecksTests.Targets;

    private DockerBuild? _build;

    public Dockerfile Dockerfile { get; } = Dockerfile.LoadRepository();

    public DockerBuild Build => _build ?? throw new InvalidOperationException("Not built.");

    /// <summary>Where an image target's application lands: the host folder its COPY --from takes the files from.</summary>
    public string ApplicationFolder(string target)
    {
        var copy = DockerCopy.Parse(Dockerfile.Stage(target).All("COPY").Single(c => c.Arguments.StartsWith("--from=", StringComparison.Ordinal)));
        return Build.HostPath(copy.Sources.Single());
    }

    public async ValueTask InitializeAsync()
    {
        _build = new DockerBuild(Dockerfile, DockerIgnore.LoadRepository(), RepositoryRoot.Path);
        foreach (var target in Targets)
        {
            var copy = DockerCopy.Parse(Dockerfile.Stage(target).All("COPY").Single(c => c.Arguments.StartsWith("--from=", StringComparison.Ordinal)));
            await _build.BuildAsync(copy.FromStage!, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _build?.Dispose();
        return ValueTask.CompletedTask;
    }
}
