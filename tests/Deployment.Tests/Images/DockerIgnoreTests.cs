using CustomerService.Deployment.Tests.Docker;

namespace CustomerService.Deployment.Tests.Images;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("**/bin", "src/Silo/bin/Release/a.dll", true)]
    [InlineData("**/bin", "bin/a.dll", true)]
    [InlineData("**/bin", "src/Silo/binary.txt", false)]
    [InlineData(".git", ".git/HEAD", true)]
    [InlineData("tests", "tests/Grains.Tests/A.cs", true)]
    [InlineData("tests", "src/tests.txt", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "src/Silo/README.md", false)]
    [InlineData("**/*.user", "src/Silo/Silo.csproj.user", true)]
    [InlineData("docs\n!docs/keep.md", "docs/keep.md", false)]
    [InlineData("docs\n!docs/keep.md", "docs/other.md", true)]
    public void IsExcluded_Pattern_AsDockerReadsIt(string patterns, string path, bool expected)
    {
        Assert.Equal(expected, DockerIgnore.Parse(patterns).IsExcluded(path));
    }
}
