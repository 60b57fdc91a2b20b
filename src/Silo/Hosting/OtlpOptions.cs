namespace CustomerService.Silo.Hosting;

/// <summary>OpenTelemetry export (section <c>Otlp</c>).</summary>
public sealed class OtlpOptions
{
    public const string SectionName = "Otlp";

    /// <summary>The OTLP collector endpoint (for example <c>http://otel-collector:4317</c>); unset exports nothing.</summary>
    public Uri? Endpoint { get; set; }
}
