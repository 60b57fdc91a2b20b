using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class ShutdownChecksTests
{
    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        ShutdownChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_SiloGraceNotAboveShutdownTimeout_Reported()
    {
        var problems = CheckWith("silo.yaml", "terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 45");

        Assert.Equal(["Deployment customerservice-silo container silo: terminationGracePeriodSeconds 45 does not outlast the preStop sleep (0 s) plus the shutdown timeout (45 s)"], problems);
    }

    [Fact]
    public void Check_SiloGraceUnset_DefaultIsTooShort()
    {
        var problems = CheckWith("silo.yaml", "      terminationGracePeriodSeconds: 60\n", "");

        Assert.Equal(["Deployment customerservice-silo container silo: terminationGracePeriodSeconds 30 does not outlast the preStop sleep (0 s) plus the shutdown timeout (45 s)"], problems);
    }

    [Fact]
    public void Check_IngressGraceCoversOnlyTheShutdownTimeout_PreStopCounted()
    {
        var problems = CheckWith("ingress-api.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 20");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: terminationGracePeriodSeconds 20 does not outlast the preStop sleep (10 s) plus the shutdown timeout (15 s)"], problems);
    }

    [Fact]
    public void Check_ShutdownTimeoutUnset_Reported()
    {
        var problems = CheckWith("silo.yaml", "            - name: DOTNET_SHUTDOWNTIMEOUTSECONDS\n              value: \"45\"\n", "");

        Assert.Equal(["Deployment customerservice-silo container silo: DOTNET_SHUTDOWNTIMEOUTSECONDS is not set to a number of seconds"], problems);
    }

    [Fact]
    public void Check_IngressShutdownTimeoutOnlyInTheHostVariable_Reported()
    {
        // The ingress's composition overrides DOTNET_SHUTDOWNTIMEOUTSECONDS with Ingress:ShutdownTimeoutSeconds.
        var problems = CheckWith("ingress-api.yaml", "            - name: Ingress__ShutdownTimeoutSeconds\n", "            - name: DOTNET_SHUTDOWNTIMEOUTSECONDS\n");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: Ingress__ShutdownTimeoutSeconds is not set to a number of seconds"], problems);
    }

    [Fact]
    public void Check_IngressShutdownTimeoutWithinReplyBudget_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", "            - name: Ingress__ShutdownTimeoutSeconds\n              value: \"15\"", "            - name: Ingress__ShutdownTimeoutSeconds\n              value: \"4\"");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: the shutdown timeout (4 s) is not above the reply budget (4500 ms)"], problems);
    }
}
