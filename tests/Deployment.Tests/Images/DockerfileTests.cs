using CustomerService.Deployment.Tests.Docker;

namespace CustomerService.Deployment.Tests.Images;

public sealed class DockerfileTests
{
    [Fact]
    public void Parse_ContinuationsAndComments_JoinedIntoOneInstruction()
    {
        var dockerfile = Dockerfile.Parse("""
            # syntax=docker/dockerfile:1
            FROM base:1 AS build
            ENV A=1 \
                # a comment inside the instruction
                B=2
            RUN dotnet --info
            FROM build AS final
            USER 1654
            ENTRYPOINT ["dotnet", "app.dll"]
            """);

        Assert.Equal(["build", "final"], dockerfile.Stages.Select(s => s.Name));
        Assert.Equal("A=1 B=2", dockerfile.Stage("build").All("ENV").Single().Arguments);
        Assert.Equal(["build", "final"], dockerfile.Chain(dockerfile.Stage("final")).Select(s => s.Name));
        Assert.Equal("base:1", dockerfile.BaseImage(dockerfile.Stage("final")));
        Assert.Equal(["dotnet", "app.dll"], dockerfile.Entrypoint(dockerfile.Stage("final")));
        Assert.Equal("1654", dockerfile.User(dockerfile.Stage("final")));
    }

    [Fact]
    public void Parse_FromWithPlatformFlag_Refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Dockerfile.Parse("FROM --platform=linux/amd64 base:1 AS build\n"));

        Assert.Equal("Dockerfile line 1: FROM --platform=linux/amd64 base:1 AS build: expected FROM image [AS name]", error.Message);
    }
}
