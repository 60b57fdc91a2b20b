using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

/// <summary>Every check passes on the repository's k8s/ (each check's own tests show that it fails on a broken file).</summary>
public sealed class RepositoryManifestTests
{
    public static TheoryData<string> CheckNames => [.. Checks.Keys];

    private static readonly Dictionary<string, Func<ManifestSet, IReadOnlyList<string>>> Checks = new()
    {
        [nameof(SelectorChecks)] = SelectorChecks.Check,
        [nameof(ReferenceChecks)] = ReferenceChecks.Check,
        [nameof(ProbeChecks)] = ProbeChecks.Check,
        [nameof(SecretChecks)] = SecretChecks.Check,
        [nameof(ImageChecks)] = ImageChecks.Check,
        [nameof(ResourceChecks)] = ResourceChecks.Check,
        [nameof(SecurityContextChecks)] = SecurityContextChecks.Check,
        [nameof(ClusterIdentityChecks)] = ClusterIdentityChecks.Check,
        [nameof(IngressChecks)] = IngressChecks.Check,
        [nameof(ShutdownChecks)] = ShutdownChecks.Check,
        [nameof(SiloChecks)] = SiloChecks.Check,
        [nameof(NetworkPolicyChecks)] = NetworkPolicyChecks.Check,
        [nameof(DevelopmentOnlyChecks)] = DevelopmentOnlyChecks.Check,
        [nameof(ConnectionPoolBudget)] = ConnectionPoolBudget.Check,
    };

    [Theory]
    [MemberData(nameof(CheckNames))]
    public void Check_RepositoryManifests_NoProblems(string check)
    {
        var manifests = ManifestSet.LoadRepository();

        var problems = Checks[check](manifests);

        Assert.Empty(problems);
    }
}
