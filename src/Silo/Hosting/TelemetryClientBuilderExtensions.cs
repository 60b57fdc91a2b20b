namespace CustomerService.Silo.Hosting;

/// <summary>
/// Trace context across grain calls, on the side of an external Orleans client (the ingress in
/// <c>Cluster:Mode = Client</c>); the silos call <see cref="TelemetrySiloBuilderExtensions.AddCustomerServiceTracing"/>.
/// The client process registers its meters and exporters with
/// <see cref="TelemetryServiceCollectionExtensions.AddCustomerServiceTelemetry(IHostApplicationBuilder)"/>.
/// </summary>
public static class TelemetryClientBuilderExtensions
{
    public static IClientBuilder AddCustomerServiceTracing(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.AddActivityPropagation();
    }
}
