using CustomerService.Grains.Conversations;
using CustomerService.Grains.Records;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerService.Silo.Hosting;

/// <summary>Metrics and traces of our meters and of Orleans, exported over OTLP when <c>Otlp:Endpoint</c> is set.</summary>
public static class TelemetryServiceCollectionExtensions
{
    // Orleans' meter and activity sources (notes: Microsoft.Orleans, Microsoft.Orleans.Runtime/.Application/...).
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string OrleansSources = "Microsoft.Orleans.*";

    public static IServiceCollection AddCustomerServiceTelemetry(this IServiceCollection services, OtlpOptions otlp)
    {
        ArgumentNullException.ThrowIfNull(otlp);
        if (otlp.Endpoint is not { } endpoint)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(ConversationMetrics.MeterName, RecordMetrics.MeterName, OrleansMeter)
                .AddOtlpExporter(o => o.Endpoint = endpoint))
            .WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddOtlpExporter(o => o.Endpoint = endpoint));
        return services;
    }
}
