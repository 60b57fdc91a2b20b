using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ImageChecksTests
{
    [Theory]
    [InlineData("redis:7.4.1", null)]
    [InlineData("registry.example.com:5000/customerservice/silo:1.0.0", null)]
    [InlineData("registry.example.com/customerservice/silo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    [InlineData("redis", "has no tag (so it means latest)")]
    [InlineData("registry.example.com:5000/customerservice/silo", "has no tag (so it means latest)")]
    [InlineData("redis:latest", "is tagged latest")]
    [InlineData("redis:", "is tagged latest")]
    [InlineData("registry.example.com/silo:$(VERSION)", "is not a literal reference")]
    [InlineData("", "is missing")]
    public void Unpinned_Reference_Classified(string image, string? expected)
    {
        Assert.Equal(expected, ImageChecks.Unpinned(image));
    }

    [Fact]
    public void Check_LatestImage_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("ingress-api.yaml", "customerservice/ingress-api:1.0.0", "customerservice/ingress-api:latest");

        var problems = ImageChecks.Check(manifests);

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: image 'registry.example.com/customerservice/ingress-api:latest' is tagged latest"], problems);
    }

    [Fact]
    public void Check_UntaggedInitContainerImage_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "silo:1.0.0\n          args: [\"migrate\"]", "silo\n          args: [\"migrate\"]");

        var problems = ImageChecks.Check(manifests);

        Assert.Equal(["Deployment customerservice-silo container migrate: image 'registry.example.com/customerservice/silo' has no tag (so it means latest)"], problems);
    }
}
