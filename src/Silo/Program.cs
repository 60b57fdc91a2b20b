using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using CustomerService.Silo.Hosting.Dashboard;
using CustomerService.Silo.Hosting.Migrations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CustomerService.Silo;

/// <summary>
/// The standalone silo host: a silo plus a small admin web host for its probes, never exposed publicly. An explicit
/// class (not top-level statements) so that its Program type cannot clash with the ingress's in test projects.
/// <c>migrate</c> as the first argument runs <see cref="MigrateCommand"/> instead and exits.
/// </summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && string.Equals(args[0], MigrateCommand.Name, StringComparison.Ordinal))
        {
            using var interrupted = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                interrupted.Cancel();
            };
            return await MigrateCommand.RunAsync(args[1..], Console.Out, Console.Error, interrupted.Token);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddCustomerServiceSilo();
        var admin = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        // In a pod the kubelet probes the pod's IP, so there the admin port listens on every interface (k8s/
        // networkpolicy.yaml admits it from the namespace only); anywhere else it stays on loopback.
        var adminHost = KubernetesEnvironment.IsInCluster ? "+" : "127.0.0.1";
        builder.WebHost.UseUrls($"http://{adminHost}:{admin.AdminPort}");

        // The admin endpoints answer while the silo is still starting, for as long as it waits for the PostgreSQL
        // schema (PostgresSchemaGate): /healthz stays live and /readyz says not ready, instead of the probes finding no
        // listener at all. The start steps that must precede the silo (schema, FAQ preload) are synchronous, and the
        // host still runs those in registration order before it starts the rest side by side.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(SiloReadiness.ReadyTag) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCustomerServiceMetrics();
        app.MapCustomerServiceDashboard();
        await StopDuringStart.RunAsync(app);
        return 0;
    }
}
