using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Deployment.Tests.Kubernetes;

/// <summary>
/// The variable the manifests set for the shutdown timeout really sets it: a web host built as the silo and the
/// ingress build theirs (<c>WebApplication.CreateBuilder</c>) takes HostOptions.ShutdownTimeout from it. A variable
/// the host ignored (such as <c>HostOptions__ShutdownTimeout</c>) would leave the 30 s default, and the grace-period
/// check would be comparing against a number nothing uses.
/// </summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class HostShutdownTimeoutTests
{
    [Theory]
    [InlineData("customerservice-silo")]
    [InlineData("customerservice-ingress-api")]
    public void ShutdownTimeoutVariable_FromTheDeployment_SetsTheHostsShutdownTimeout(string deployment)
    {
        var manifests = ManifestSet.LoadRepository();
        var workload = manifests.Workloads.Single(w => w.Name == deployment);
        var environment = ContainerEnvironment.Resolve(manifests, workload.Namespace, workload.Containers.Single());
        var seconds = ShutdownChecks.ShutdownTimeoutSeconds(environment);
        Assert.NotNull(seconds);
        // Not the host's 30 s default, so that the assertion below can only pass if the variable took effect.
        Assert.NotEqual(30, seconds);

        var shutdownTimeout = WithVariable(
            SettingNames.ShutdownTimeoutSeconds,
            environment.LiteralOf(SettingNames.ShutdownTimeoutSeconds)!,
            () =>
            {
                using var app = WebApplication.CreateBuilder().Build();
                return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
            });

        Assert.Equal(TimeSpan.FromSeconds(seconds.Value), shutdownTimeout);
    }

    private static T WithVariable<T>(string name, string? value, Func<T> action)
    {
        var previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, previous);
        }
    }
}
