namespace CustomerService.Deployment.Tests;

/// <summary>The checkout the tests were built from: the first folder above the test output with CustomerService.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFileName = "CustomerService.sln";

    public static string Path { get; } = Find();

    /// <summary>The Kubernetes manifests, <c>k8s/</c>.</summary>
    public static string ManifestDirectory => System.IO.Path.Combine(Path, "k8s");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }
}
