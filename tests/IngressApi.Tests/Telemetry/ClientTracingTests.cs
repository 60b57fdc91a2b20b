using CustomerService.IngressApi.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.IngressApi.Tests.Telemetry;

/// <summary>
/// A Client-mode ingress propagates trace context into its grain calls, as the silos do (TraceTests shows the
/// co-hosted shape end to end): without Orleans' activity propagation on the client, the silo's spans would start
/// traces of their own and the webhook request would not connect to them. Composed, not started: no cluster is needed
/// to see which outgoing call filters the client runs.
/// </summary>
public sealed class ClientTracingTests
{
    [Fact]
    public async Task ClientMode_Composition_RunsOrleansActivityPropagationOnOutgoingCalls()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:Provider"] = "Redis",
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
        });
        builder.AddCustomerServiceClusterClient();
        await using var app = builder.Build();

        var filters = app.Services.GetServices<IOutgoingGrainCallFilter>().Select(f => f.GetType().Name);

        Assert.Contains("ActivityPropagationOutgoingGrainCallFilter", filters);
    }
}
