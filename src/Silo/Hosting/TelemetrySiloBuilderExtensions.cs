namespace CustomerService.Silo.Hosting;

/// <summary>
/// Trace context across grain calls, on the silo side. The client side is
/// <see cref="TelemetryClientBuilderExtensions.AddCustomerServiceTracing"/>: both ends need it for traces to connect.
/// </summary>
public static class TelemetrySiloBuilderExtensions
{
    public static ISiloBuilder AddCustomerServiceTracing(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddActivityPropagation();
    }
}
