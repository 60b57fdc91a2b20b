using CustomerService.Deployment.Tests.Docker;

namespace CustomerService.Deployment.Tests.Images;

public sealed class DockerfileChecksTests
{
    public static readonly string[] Targets = ["silo", "ingress-api"];

    private static string RepositoryDockerfile => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));

    private static IReadOnlyList<string> CheckWith(string original, string replacement)
    {
        var text = RepositoryDockerfile;
        Assert.Equal(1, text.Split(original).Length - 1);
        return DockerfileChecks.Check(Dockerfile.Parse(text.Replace(original, replacement, StringComparison.Ordinal)), DockerIgnore.LoadRepository(), Targets);
    }

    [Fact]
    public void Check_RepositoryDockerfile_NoProblems()
    {
        var problems = DockerfileChecks.Check(Dockerfile.LoadRepository(), DockerIgnore.LoadRepository(), Targets);

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_UnpinnedBaseImage_Reported()
    {
        var problems = CheckWith("FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build", "FROM mcr.microsoft.com/dotnet/sdk:latest AS build");

        Assert.Equal(["stage build: base image 'mcr.microsoft.com/dotnet/sdk:latest' is tagged latest"], problems);
    }

    [Fact]
    public void Check_ImageRunsAsRoot_Reported()
    {
        var problems = CheckWith("USER $APP_UID", "USER root");

        Assert.Equal(["stage silo: runs as root (no USER, or USER root)", "stage ingress-api: runs as root (no USER, or USER root)"], problems);
    }

    [Fact]
    public void Check_ImageOnTheSdk_Reported()
    {
        var problems = CheckWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime", "FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS runtime");

        Assert.Equal(
            [
                "stage silo: runs on mcr.microsoft.com/dotnet/sdk:10.0.401, not on mcr.microsoft.com/dotnet/aspnet",
                "stage ingress-api: runs on mcr.microsoft.com/dotnet/sdk:10.0.401, not on mcr.microsoft.com/dotnet/aspnet",
            ],
            problems);
    }

    [Fact]
    public void Check_ShellFormEntrypoint_Reported()
    {
        var problems = CheckWith("ENTRYPOINT [\"dotnet\", \"CustomerService.Silo.dll\"]", "ENTRYPOINT dotnet CustomerService.Silo.dll");

        Assert.Equal(["stage silo: no exec-form ENTRYPOINT [\"dotnet\", \"<assembly>.dll\"]"], problems);
    }

    [Fact]
    public void Check_MissingTarget_Reported()
    {
        var problems = CheckWith("FROM runtime AS ingress-api", "FROM runtime AS ingress");

        Assert.Equal(["no stage 'ingress-api'"], problems);
    }

    [Fact]
    public void Check_BuildOutputsInTheContext_Reported()
    {
        var problems = DockerfileChecks.Check(Dockerfile.LoadRepository(), DockerIgnore.Parse(".git\n"), Targets);

        Assert.Equal(
            [".dockerignore lets src/Silo/bin/Debug/x.dll into the build context", ".dockerignore lets src/Silo/obj/project.assets.json into the build context"],
            problems);
    }
}
