using System.Reflection;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>The checkout the tests were built from, and the configuration they were built in.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration of the tests, which <c>dotnet run --no-build</c> must be given.</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepositoryRoot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CustomerService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CustomerService.sln above {AppContext.BaseDirectory}.");
    }
}
