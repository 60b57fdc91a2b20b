using CustomerService.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CustomerService.Silo;

/// <summary>
/// The standalone silo host: a silo plus a small admin web host for its probes, never exposed publicly. An explicit
/// class (not top-level statements) so that its Program type cannot clash with the ingress's in test projects.
/// </summary>
public static class SiloProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCustomerServiceSilo();
        var admin = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        builder.WebHost.UseUrls($"http://127.0.0.1:{admin.AdminPort}");

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(SiloReadiness.ReadyTag) });
        app.Run();
    }
}
