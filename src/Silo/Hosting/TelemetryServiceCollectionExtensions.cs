using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// Metrics and traces of one process, silo or ingress (either cluster mode): our meters, Orleans' meter, and
/// ASP.NET Core's and .NET's own, served as Prometheus text on <see cref="MetricsPath"/> and exported over OTLP when
/// <c>Otlp:Endpoint</c> is set; traces (Orleans' activity sources, incoming and outgoing HTTP) only over OTLP.
/// Safe to call more than once: a co-hosted ingress calls it for itself and again through its silo.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Where the Prometheus text is served: the silo's admin port, and the ingress (never through the public Ingress).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Every meter of ours is named <c>CustomerService.&lt;Area&gt;</c> (Conversations, Llm, Ingress, Records, ...); the
    /// SDK's wildcard takes in areas added later without a change here.
    /// </summary>
    public const string OurMeters = "CustomerService.*";

    // Orleans' meter and activity sources (notes: Microsoft.Orleans; Microsoft.Orleans.Runtime/.Application/...).
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string OrleansSources = "Microsoft.Orleans.*";

    // Built into ASP.NET Core and .NET (no instrumentation package): request durations, connections, outgoing
    // HTTP calls (WeChat's API, the model), GC and thread pool.
    private static readonly string[] PlatformMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"];

    private static readonly string[] PlatformSources = ["Microsoft.AspNetCore", "System.Net.Http"];

    /// <summary>Reads <c>Otlp</c> from the builder's configuration and registers the process's telemetry.</summary>
    public static IHostApplicationBuilder AddCustomerServiceTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = builder.Configuration.GetSection(OtlpOptions.SectionName).Get<OtlpOptions>() ?? new();
        builder.Services.AddCustomerServiceTelemetry(otlp, builder.Environment.ApplicationName);
        return builder;
    }

    /// <param name="services">The process's services.</param>
    /// <param name="otlp">Where to export, if anywhere.</param>
    /// <param name="serviceName">The <c>service.name</c> resource (the silo's or the ingress's assembly name); <c>OTEL_SERVICE_NAME</c> overrides it.</param>
    public static IServiceCollection AddCustomerServiceTelemetry(this IServiceCollection services, OtlpOptions otlp, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(otlp);
        if (services.Any(d => d.ServiceType == typeof(TelemetryRegistered)))
        {
            return services;
        }

        services.AddSingleton<TelemetryRegistered>();
        services.AddMetrics();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                // No scrape cache: scrapes come seconds apart, and a cached answer would hide what just happened.
                metrics.AddMeter(OurMeters, OrleansMeter).AddMeter(PlatformMeters)
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp.Endpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });

        if (otlp.Endpoint is { } traceEndpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddSource(PlatformSources)
                .AddOtlpExporter(o => o.Endpoint = traceEndpoint));
        }

        return services;
    }

    /// <summary>Serves the Prometheus text on <see cref="MetricsPath"/>. Never route it through a public Ingress.</summary>
    public static IEndpointConventionBuilder MapCustomerServiceMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

    // Marks the registration as done, so that a second call adds no second exporter.
    private sealed class TelemetryRegistered;
}
