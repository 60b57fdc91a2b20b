using CustomerService.IngressApi.Endpoints;
using CustomerService.IngressApi.Hosting;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.AddCustomerServiceIngress();

var app = builder.Build();

// Liveness checks only that the process answers; readiness waits for the silo.
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(SiloReadiness.ReadyTag) });
app.UseAuthentication();
app.UseAuthorization();
app.MapWeChatEndpoints();
app.MapAdminEndpoints();

// Operator surfaces: keep /metrics and /dashboard off the public Ingress (k8s/ routes only /wechat there).
app.MapCustomerServiceMetrics();
app.MapCustomerServiceDashboard();
await StopDuringStart.RunAsync(app);

/// <summary>Entry point, public so that WebApplicationFactory can reach it.</summary>
public partial class Program;
