using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;
using CustomerService.IngressApi.Hosting;
using CustomerService.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Deployment.Tests.Kubernetes;

/// <summary>
/// The variable each Deployment sets for its shutdown timeout really sets the shutdown timeout of the host it runs:
/// the silo's and the ingress's own compositions, built (not started) with that variable at an unusual value. A
/// variable the host ignored, or one its composition overrides, would leave the grace-period check comparing
/// against a number nothing uses.
/// </summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class HostShutdownTimeoutTests
{
    private const string Probe = "41";

    [Theory]
    [InlineData("customerservice-silo")]
    [InlineData("customerservice-ingress-api")]
    public void ShutdownTimeoutVariable_OfTheDeployment_SetsItsHostsShutdownTimeout(string deployment)
    {
        var manifests = ManifestSet.LoadRepository();
        var workload = manifests.Workloads.Single(w => w.Name == deployment);
        var environment = ContainerEnvironment.Resolve(manifests, workload.Namespace, workload.Containers.Single());
        var ingress = deployment != "customerservice-silo";
        Assert.NotNull(ShutdownChecks.ShutdownTimeoutSeconds(environment, ingress));

        var shutdownTimeout = WithVariable(SettingNames.ShutdownTimeoutFor(ingress), Probe, () => ShutdownTimeoutOf(deployment));

        Assert.Equal(TimeSpan.FromSeconds(int.Parse(Probe, System.Globalization.CultureInfo.InvariantCulture)), shutdownTimeout);
    }

    // The compositions the two Program.cs files run (a silo host, or the ingress), built with the default settings.
    private static TimeSpan ShutdownTimeoutOf(string deployment)
    {
        var builder = WebApplication.CreateBuilder();
        if (deployment == "customerservice-silo")
        {
            builder.AddCustomerServiceSilo();
        }
        else
        {
            builder.AddCustomerServiceIngress();
        }

        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
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
